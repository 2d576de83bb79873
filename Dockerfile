# The Locus node: Debian's Java 17 runtime and node/target/locus.jar, run as a non-root user.
#   mvn -q -B -DskipTests package && docker build -t locus/node .
# BASE is any Debian 12 (bookworm) image: debian:bookworm-slim where a registry is reachable (the default), or
# the one bin/docker-base makes from Debian's packages where none is (--build-arg BASE=locus/debian:bookworm).
# Configuration: LOCUS_* variables and/or a properties file mounted and named by LOCUS_CONFIG (see README,
# "Running it in containers"); JVM options in LOCUS_JAVA_OPTS.
ARG BASE=debian:bookworm-slim
FROM ${BASE}

# (slim images leave out /usr/share/man, where the JRE's postinst links its manual page)
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
 && useradd --system --uid 10001 --user-group --home-dir /opt/locus --no-create-home --shell /usr/sbin/nologin locus

COPY docker/locus/locus-env.sh docker/locus/locus-entrypoint docker/locus/locus-health /opt/locus/bin/
COPY node/target/locus.jar /opt/locus/locus.jar

USER locus
WORKDIR /opt/locus
# SIP (udp, tcp), JSON-RPC and the other HTTP endpoints, DMQ, Hazelcast member
EXPOSE 5060/udp 5060/tcp 5071/tcp 5090/udp 5701/tcp
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["/opt/locus/bin/locus-health"]
ENTRYPOINT ["/opt/locus/bin/locus-entrypoint"]
