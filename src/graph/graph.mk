# graph.mk: build fragment of src/graph (included by Makefile.am)
