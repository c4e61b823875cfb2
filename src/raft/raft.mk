# raft.mk: build fragment of src/raft (included by Makefile.am)
