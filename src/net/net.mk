# net.mk: build fragment of src/net (included by Makefile.am)
