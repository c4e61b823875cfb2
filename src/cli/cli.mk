# cli.mk: build fragment of src/cli (included by Makefile.am)
# graphctl: the command-line client. It uses only the public libgraphd API.
bin_PROGRAMS += graphctl
graphctl_SOURCES = src/cli/graphctl.c src/cli/cli.c src/cli/cli.h \
	src/cli/args.c src/cli/args.h src/cli/poll.c src/cli/poll.h \
	src/cli/cmd_status.c src/cli/cmd_role.c src/cli/cmd_wait.c \
	src/cli/cmd_add.c src/cli/cmd_remove.c src/cli/cmd_transfer_master.c \
	src/cli/cmd_create_node.c src/cli/cmd_create_rel.c \
	src/cli/cmd_get_node.c src/cli/cmd_get_rel.c \
	src/cli/cmd_neighbours.c src/cli/cmd_nodes.c \
	src/cli/cmd_set_prop.c src/cli/cmd_remove_prop.c \
	src/cli/cmd_label.c src/cli/cmd_delete_node.c \
	src/cli/cmd_delete_rel.c src/cli/cmd_query.c src/cli/cmd_shell.c \
	src/cli/query.c src/cli/query.h src/cli/script.c src/cli/script.h \
	src/cli/table.c src/cli/table.h \
	src/cli/cmd_backup.c src/cli/cmd_verify.c \
	src/cli/backup_progress.c src/cli/backup_progress.h \
	src/cli/backup_wire.c src/cli/backup_wire.h
graphctl_CFLAGS = $(AM_CFLAGS) $(LIBEDIT_CFLAGS)
# backup applies transactions to its store as an instance does, and verify
# opens stores: they use the internal libraries besides libgraphd.
graphctl_LDADD = libgraphd.la libgraphd_graph.la libgraphd_store.la \
	libgraphd_raft.la libgraphd_util.la libgraphd_wire.la \
	$(LIBEDIT_LIBS) $(BDB_LIBS)
$(graphctl_OBJECTS): proto/graphd.pb-c.h
# set-password writes users files in the server's format
# (src/util/users_file.c).
graphctl_SOURCES += src/cli/cmd_set_password.c
graphctl_LDADD += $(NETTLE_LIBS)

# Example configurations and manual pages.
dist_graphdconf_DATA += conf/graphd.conf conf/arbiter.conf
EXTRA_DIST += contrib/examples/people.cypher contrib/examples/README.md
dist_man_MANS += man/graphd.8 man/graphctl.1 man/graphd.conf.5 man/graphd.3

# libgraphd without a server: values, transactions, and the wire conversation
# against a fake server thread on 127.0.0.1; graphctl's output against it too.
check_PROGRAMS += tests/unit/test_client
TESTS += tests/unit/test_client
tests_unit_test_client_SOURCES = tests/unit/test_client.c src/cli/args.c \
	src/cli/args.h src/cli/script.c src/cli/script.h src/cli/table.c \
	src/cli/table.h
tests_unit_test_client_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_client_CPPFLAGS = $(AM_CPPFLAGS) \
	-DTOP_BUILDDIR='"$(abs_top_builddir)"' -DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_client_LDADD = libgraphd.la libgraphd_wire.la $(CUNIT_LIBS)
# It also runs graphctl against the fake server.
tests_unit_test_client_DEPENDENCIES = libgraphd.la libgraphd_wire.la \
	graphctl$(EXEEXT)

# graphctl backup's pure parts: the manifest, its refusals, the store
# checksum and the progress output.
check_PROGRAMS += tests/unit/test_backup
TESTS += tests/unit/test_backup
tests_unit_test_backup_SOURCES = tests/unit/test_backup.c \
	src/cli/backup_progress.c src/cli/backup_progress.h
tests_unit_test_backup_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_backup_LDADD = libgraphd_store.la libgraphd_wire.la \
	$(BDB_LIBS) $(CUNIT_LIBS)
$(tests_unit_test_backup_OBJECTS): proto/graphd.pb-c.h
