# contrib.mk: build fragment of contrib/ (included by Makefile.am)
# What a package installs around the server: the systemd unit (generated
# with the configured paths), the logrotate recipe and the HAProxy example.
#
# The unit goes to $(prefix)/lib/systemd/system, so that `make install` and
# `make distcheck` stay inside the prefix. A package installs it where
# systemd looks:
#   make install systemdsystemunitdir=$(pkg-config --variable=systemdsystemunitdir systemd)
systemdsystemunitdir = $(prefix)/lib/systemd/system
nodist_systemdsystemunit_DATA = contrib/graphd.service
# Installed as logrotate.d/graphd (the name logrotate shows in its errors).
logrotatedir = $(sysconfdir)/logrotate.d
nodist_logrotate_DATA = contrib/logrotate.d/graphd
contribexamplesdir = $(docdir)/examples
dist_contribexamples_DATA = contrib/haproxy.cfg

EXTRA_DIST += contrib/graphd.service.in contrib/graphd.logrotate
CLEANFILES += contrib/graphd.service contrib/logrotate.d/graphd

# make expands $(bindir) fully (config.status would leave ${exec_prefix});
# "[@]" keeps config.status from substituting the placeholders here.
contrib/graphd.service: $(srcdir)/contrib/graphd.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) contrib && \
	sed -e 's|@bindir[@]|$(bindir)|g' \
	    -e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	    $(srcdir)/contrib/graphd.service.in >$@.tmp && mv $@.tmp $@

contrib/logrotate.d/graphd: $(srcdir)/contrib/graphd.logrotate
	$(AM_V_GEN)$(MKDIR_P) contrib/logrotate.d && \
	cp $(srcdir)/contrib/graphd.logrotate $@
