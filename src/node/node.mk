# node.mk: build fragment of src/node (included by Makefile.am)
