# store.mk: build fragment of src/store (included by Makefile.am)
