# sim.mk: build fragment of tests/sim (included by Makefile.am)
