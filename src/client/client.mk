# client.mk: build fragment of src/client (included by Makefile.am)
