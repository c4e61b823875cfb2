# util.mk: build fragment of src/util (included by Makefile.am)
