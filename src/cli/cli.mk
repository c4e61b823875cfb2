# cli.mk: build fragment of src/cli (included by Makefile.am)
