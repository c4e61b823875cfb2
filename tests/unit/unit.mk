# unit.mk: build fragment of tests/unit (included by Makefile.am)
