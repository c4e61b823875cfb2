# node.mk: build fragment of src/node (included by Makefile.am)
# graphd: the server process (event loop, Ready loop, client sessions).
bin_PROGRAMS += graphd
graphd_SOURCES = src/node/main.c src/node/main.h \
	src/node/node.c src/node/node.h \
	src/node/ready.c src/node/ready.h \
	src/node/session.c src/node/session.h \
	src/node/writes.c src/node/writes.h \
	src/node/reads.c src/node/reads.h \
	src/node/peers.c src/node/peers.h \
	src/node/cluster.c src/node/cluster.h \
	src/node/storecopy.c src/node/storecopy.h
graphd_LDADD = libgraphd_net.la libgraphd_graph.la libgraphd_store.la libgraphd_raft.la \
	libgraphd_util.la libgraphd_wire.la $(LIBEVENT_LIBS) $(BDB_LIBS)
# The server includes the generated protocol header.
$(graphd_OBJECTS): proto/graphd.pb-c.h
