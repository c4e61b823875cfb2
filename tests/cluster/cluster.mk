# cluster.mk: build fragment of tests/cluster (included by Makefile.am)
# Multi-process cluster tests: real graphd instances on 127.0.0.1 (election,
# failover, slave writes, arbiters, step-down, catch-up, membership,
# refusals) and contrib/local-cluster. Each script ends with "<n> passed, <m> failed". failover_time is
# a benchmark, not a test (see tests/cluster/README.md).
CLUSTER_TESTS = tests/cluster/election.sh tests/cluster/failover.sh \
	tests/cluster/slave_writes.sh tests/cluster/arbiter.sh \
	tests/cluster/stepdown.sh tests/cluster/catchup.sh \
	tests/cluster/snapshot.sh tests/cluster/membership.sh \
	tests/cluster/refused.sh tests/cluster/local_cluster.sh \
	tests/cluster/http.sh
CLUSTER_TESTS += tests/cluster/temporal.sh
TESTS += $(CLUSTER_TESTS)
EXTRA_DIST += $(CLUSTER_TESTS) tests/cluster/lib.sh \
	tests/cluster/README.md contrib/local-cluster tests/cluster/backup_figure.sh
dist_noinst_SCRIPTS += contrib/local-cluster
check_PROGRAMS += tests/cluster/freeport tests/cluster/cl_writer \
	tests/cluster/cl_read tests/cluster/failover_time
noinst_HEADERS += tests/cluster/cl_client.h

tests_cluster_freeport_SOURCES = tests/cluster/freeport.c
tests_cluster_cl_writer_SOURCES = tests/cluster/cl_writer.c \
	tests/cluster/cl_client.c
tests_cluster_cl_writer_LDADD = libgraphd.la
tests_cluster_cl_read_SOURCES = tests/cluster/cl_read.c
tests_cluster_cl_read_LDADD = libgraphd.la
tests_cluster_failover_time_SOURCES = tests/cluster/failover_time.c \
	tests/cluster/cl_client.c
tests_cluster_failover_time_LDADD = libgraphd.la libgraphd_util.la
# GET /metrics on a cluster with an arbiter (src/node/metrics.c).
TESTS += tests/cluster/metrics.sh
EXTRA_DIST += tests/cluster/metrics.sh
# A backup from a slave restored into a new member that joins.
TESTS += tests/cluster/backup_join.sh
EXTRA_DIST += tests/cluster/backup_join.sh
# Graceful shutdown of the master (SIGTERM hands the role over first), and
# HAProxy (contrib/haproxy.cfg) in front of a cluster through a failover.
TESTS += tests/cluster/shutdown.sh tests/cluster/haproxy.sh
EXTRA_DIST += tests/cluster/shutdown.sh tests/cluster/haproxy.sh
# ha.cluster_secret: members prove the secret; impostors are refused
# (src/node/auth.c); forge_peer is the impostor.
TESTS += tests/cluster/secret.sh
EXTRA_DIST += tests/cluster/secret.sh
check_PROGRAMS += tests/cluster/forge_peer
tests_cluster_forge_peer_SOURCES = tests/cluster/forge_peer.c
tests_cluster_forge_peer_LDADD = libgraphd_wire.la
$(tests_cluster_forge_peer_OBJECTS): proto/graphd.pb-c.h
# An HTTP write is answered from its own log entry, never from another
# write that took its index after a master change (DESIGN.md 2.7).
TESTS += tests/cluster/http_identity.sh
EXTRA_DIST += tests/cluster/http_identity.sh
# Cluster identity and removal (DESIGN.md contract 9).
TESTS += tests/cluster/removed.sh tests/cluster/single_to_ha.sh
EXTRA_DIST += tests/cluster/removed.sh tests/cluster/single_to_ha.sh
# Store copies are fenced: stale ones (old term, not from the master, not
# newer, to the master) are refused and change nothing (forge_peer copy).
TESTS += tests/cluster/storecopy_fence.sh
EXTRA_DIST += tests/cluster/storecopy_fence.sh
# Size bounds: what could never be applied is refused before the log.
TESTS += tests/cluster/bounds.sh
EXTRA_DIST += tests/cluster/bounds.sh
# Frames before the cluster hello are small (ha.max_prelogin_frame_size).
TESTS += tests/cluster/prehello.sh
EXTRA_DIST += tests/cluster/prehello.sh
# A slave killed while it installs a store copy installs it again from its
# sealed spool at the next start (faultfs crashes it from outside).
TESTS += tests/cluster/storecopy_crash.sh
EXTRA_DIST += tests/cluster/storecopy_crash.sh
