# e2e.mk: build fragment of tests/e2e (included by Makefile.am)
