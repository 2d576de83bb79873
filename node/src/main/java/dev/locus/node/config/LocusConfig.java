package dev.locus.node.config;

import dev.locus.uacreg.UacregConfig;
import dev.locus.registrar.AuthConfig;
import dev.locus.dmq.DmqUri;
import dev.locus.migrations.DatabaseConfig;
import dev.locus.registrar.DigestAlgorithm;
import dev.locus.registrar.NatTest;
import dev.locus.registrar.ProxyConfig;
import dev.locus.registrar.RegistrarConfig;
import dev.locus.registrar.HtableSpec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Collectors;

/** All of a node's settings, one checked record per module. */
public record LocusConfig(String nodeName, SipConfig sip, RegistrarConfig registrar, ProxyConfig proxy, UsrlocConfig usrloc,
                          ClusterConfig cluster, RpcConfig rpc, DatabaseConfig database, AuthConfig auth,
                          DmqSettings dmq, UacregConfig uacreg, TmConfig tm, HtableConfig htable,
                          BinrpcConfig binrpc, JsonrpcFifoConfig jsonrpcFifo, JsonrpcDgramConfig jsonrpcDgram,
                          ProtectConfig protect,
                          MetricsConfig metrics, Map<String, String> raw) {

    /** The default cluster name: guessable, so accepted only on a loopback {@code cluster.bind_address}. */
    static final String DEFAULT_CLUSTER_NAME = "locus";

    public LocusConfig {
        raw = Map.copyOf(raw);
    }

    public static LocusConfig load(Optional<Path> file, Map<String, String> environment) {
        return from(ConfigSource.load(file, environment));
    }

    public static LocusConfig from(Map<String, String> values) {
        Settings s = new Settings(values);
        List<SocketSpec> listen = s.list("sip.listen").stream().map(v -> SocketSpec.parse("sip.listen", v)).toList();
        SipConfig sip = new SipConfig(listen, s.string("sip.advertised_address"),
                (int) s.integer("sip.threads", 1, 256),
                (int) s.integer("sip.max_server_transactions", 100, 10_000_000),
                (int) s.integer("sip.max_message_size", 1024, 1 << 20),
                (int) s.integer("sip.udp_queue", 16, 1_000_000),
                (int) s.integer("sip.udp_queue_per_source", 1, 1_000_000),
                new TcpLimits((int) s.integer("sip.tcp_max_connections", 1, 1_000_000),
                        (int) s.integer("sip.tcp_max_connections_per_ip", 1, 1_000_000),
                        Duration.ofSeconds(s.integer("sip.tcp_idle_timeout", 1, 86_400)),
                        Duration.ofSeconds(s.integer("sip.tcp_read_timeout", 1, 3600))));
        RegistrarConfig registrar;
        try {
            registrar = new RegistrarConfig(new HashSet<>(s.list("registrar.domains")), s.bool("registrar.use_domain"),
                    s.integer("registrar.default_expires", 1, 0xFFFFFFFFL),
                    s.integer("registrar.min_expires", 0, 0xFFFFFFFFL),
                    s.integer("registrar.max_expires", 0, 0xFFFFFFFFL),
                    (int) s.integer("registrar.max_contacts", 0, 100_000),
                    new NatTest((int) s.integer("registrar.nat_test", 0, 31)),
                    (int) s.integer("registrar.max_contacts_per_request", 1, 100_000));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        ProxyConfig proxy;
        try {
            proxy = new ProxyConfig(Duration.ofSeconds(s.integer("proxy.fr_timer", 1, 3600)),
                    Duration.ofSeconds(s.integer("proxy.fr_inv_timer", 1, 86_400)), s.string("proxy.outbound").trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        UsrlocConfig usrloc = new UsrlocConfig((int) s.integer("usrloc.backup_count", 0, 6),
                Duration.ofSeconds(s.integer("usrloc.timer_interval", 1, 3600)));
        ClusterConfig cluster = new ClusterConfig(nonBlank(s, "cluster.name"), nonBlank(s, "cluster.bind_address"),
                s.port("cluster.port"), s.list("cluster.members"));
        if (cluster.name().equals(DEFAULT_CLUSTER_NAME) && !isLoopback(cluster.bindAddress())) {
            // The community edition authenticates no member: the cluster name is the only thing that keeps a
            // stranger's member out, so on a reachable address it must be one nobody can guess.
            throw new ConfigException("cluster.name=" + DEFAULT_CLUSTER_NAME + " is the default, refused with cluster.bind_address="
                    + cluster.bindAddress() + " (not loopback): set cluster.name to a secret shared by the nodes only");
        }
        RpcConfig rpc = new RpcConfig(nonBlank(s, "rpc.address"), s.port("rpc.port"),
                (int) s.integer("rpc.max_body_bytes", 1024, 64 << 20), (int) s.integer("rpc.threads", 1, 64),
                (int) s.integer("rpc.max_batch", 1, 100_000), (int) s.integer("rpc.max_response_bytes", 1024, 1 << 30),
                Duration.ofSeconds(s.integer("rpc.idle_timeout", 1, 3600)), (int) s.integer("rpc.max_connections", 1, 10_000),
                rpcSecret(s));
        DatabaseConfig database = new DatabaseConfig(s.string("db.url"), s.string("db.user"), s.string("db.password"),
                (int) s.integer("db.pool_size", 1, 256), s.bool("db.migrate_on_start"), s.bool("db.adopt_existing"));
        if (database.configured() && !database.url().startsWith("jdbc:mysql:") && !database.url().startsWith("jdbc:mariadb:")) {
            throw new ConfigException("db.url=" + DatabaseConfig.maskSecrets(database.url()) + " is not a MySQL/MariaDB JDBC URL (jdbc:mysql://host:3306/db)");
        }
        AuthConfig auth = auth(s, database);
        String nodeName = s.string("node.name");
        if (nodeName.isBlank()) {
            nodeName = listen.get(0).host() + ":" + listen.get(0).port();
        }
        ProtectConfig protect = protect(s);
        return new LocusConfig(nodeName, sip, registrar, proxy, usrloc, cluster, rpc, database, auth, dmq(s),
                uacreg(s, database, sip), tm(s), htable(s, database, protect), binrpc(s), jsonrpcFifo(s),
                jsonrpcDgram(s), protect,
                new MetricsConfig(s.bool("metrics.enabled"), secret(s, "metrics.secret")), values);
    }

    private static JsonrpcFifoConfig jsonrpcFifo(Settings s) {
        String path = s.string("jsonrpc.fifo").trim();
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new ConfigException("jsonrpc.fifo=" + path + " must be an absolute path");
        }
        Set<PosixFilePermission> permissions = jsonrpcsMode(s, "jsonrpc.fifo_mode");
        String replyDir = s.string("jsonrpc.fifo_reply_dir").trim();
        if (!replyDir.startsWith("/")) {
            throw new ConfigException("jsonrpc.fifo_reply_dir=" + replyDir + " must be an absolute directory");
        }
        return new JsonrpcFifoConfig(path.isEmpty() ? Optional.empty() : Optional.of(Path.of(path)), permissions,
                Path.of(replyDir), (int) s.integer("jsonrpc.fifo_max_request_bytes", 256, 1 << 20));
    }

    private static JsonrpcDgramConfig jsonrpcDgram(Settings s) {
        String socket = s.string("jsonrpc.dgram_socket").trim();
        Set<PosixFilePermission> permissions = jsonrpcsMode(s, "jsonrpc.dgram_mode");
        if (socket.isEmpty()) {
            return new JsonrpcDgramConfig(Optional.empty(), Optional.empty(), permissions);
        }
        if (socket.startsWith("/")) {
            return new JsonrpcDgramConfig(Optional.of(Path.of(socket)), Optional.empty(), permissions);
        }
        if (!socket.startsWith("udp:")) {
            throw new ConfigException("jsonrpc.dgram_socket=" + socket
                    + " is neither an absolute unix socket path nor udp:host:port");
        }
        String address = socket.substring(4);
        int colon = address.lastIndexOf(':');
        InetSocketAddress udp;
        try {
            String host = address.substring(0, Math.max(colon, 0));
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = Integer.parseInt(address.substring(colon + 1));
            if (colon <= 0 || port < 1 || port > 65535) {
                throw new IllegalArgumentException("no host or port");
            }
            udp = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw new ConfigException("jsonrpc.dgram_socket=" + socket + " is not udp:host:port (udp:127.0.0.1:9062)");
        }
        // No authentication, and an answer can be far larger than its request: off loopback, a spoofed source
        // would read every binding and aim large answers at others.
        if (!udp.getAddress().isLoopbackAddress()) {
            throw new ConfigException("jsonrpc.dgram_socket=" + socket + ": a UDP jsonrpcs socket must be on a "
                    + "loopback address (it has no authentication); remote tools use POST /RPC with rpc.secret");
        }
        return new JsonrpcDgramConfig(Optional.empty(), Optional.of(udp), permissions);
    }

    /** jsonrpcs' socket and FIFO modes: octal, and 0 means rw------- (nobody could send a request otherwise). */
    private static Set<PosixFilePermission> jsonrpcsMode(Settings s, String key) {
        String mode = s.string(key).trim();
        try {
            int bits = Integer.parseInt(mode, 8);
            return PosixFilePermissions.fromString(permissionText(bits == 0 ? 0600 : bits));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + "=" + mode + " is not an octal file mode such as 0660");
        }
    }

    private static BinrpcConfig binrpc(Settings s) {
        List<BinrpcAddress> listen = new java.util.ArrayList<>();
        for (String text : s.list("binrpc.listen")) {
            BinrpcAddress address;
            try {
                address = BinrpcAddress.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("binrpc.listen: " + e.getMessage());
            }
            // binrpc has no authentication: whoever reaches the port can read trunk passwords and remove bindings.
            if (!address.isLocal() && !s.bool("binrpc.allow_remote")) {
                throw new ConfigException("binrpc.listen: " + address + " is not a loopback address; binrpc has no "
                        + "authentication, so it is refused unless binrpc.allow_remote=true (then firewall the port)");
            }
            listen.add(address);
        }
        String mode = s.string("binrpc.socket_mode").trim();
        Set<PosixFilePermission> permissions;
        try {
            permissions = PosixFilePermissions.fromString(permissionText(Integer.parseInt(mode, 8)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("binrpc.socket_mode=" + mode + " is not an octal file mode such as 0600");
        }
        try {
            return new BinrpcConfig(listen, new BinrpcLimits((int) s.integer("binrpc.max_connections", 1, 10_000),
                    Duration.ofSeconds(s.integer("binrpc.idle_timeout", 1, 86_400)),
                    (int) s.integer("binrpc.max_request_bytes", 64, 1 << 20),
                    (int) s.integer("binrpc.max_reply_bytes", 256, 64 << 20), permissions));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** 0640 → rw-r-----. */
    private static String permissionText(int mode) {
        if (mode < 0 || mode > 0777) {
            throw new IllegalArgumentException("mode out of range");
        }
        StringBuilder text = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = mode >> shift;
            text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return text.toString();
    }

    private static ProtectConfig protect(Settings s) {
        String answer = s.string("protect.answer").trim().toLowerCase(java.util.Locale.ROOT);
        if (!answer.equals("drop") && !answer.equals("403")) {
            throw new ConfigException("protect.answer=" + answer + ": drop or 403");
        }
        List<Cidr> trusted = new java.util.ArrayList<>();
        for (String cidr : s.list("protect.trusted")) {
            try {
                trusted.add(Cidr.parse(cidr));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("protect.trusted: " + e.getMessage());
            }
        }
        return new ProtectConfig(s.bool("protect.enabled"), tableName(s, "protect.ban_table"),
                (int) s.integer("protect.ban_seconds", 1, 365L * 86_400), answer.equals("403"),
                (int) s.integer("protect.auth_failures_per_ip", 0, 1_000_000),
                (int) s.integer("protect.auth_failures_per_user", 0, 1_000_000),
                Duration.ofSeconds(s.integer("protect.auth_window", 1, 86_400)), tableName(s, "protect.auth_table"),
                (int) s.integer("protect.flood_limit", 0, 1_000_000_000),
                Duration.ofSeconds(s.integer("protect.flood_window", 1, 3600)),
                (int) s.integer("protect.flood_sources", 1, 100_000_000), trusted);
    }

    private static String tableName(Settings s, String key) {
        String name = s.string(key).trim();
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new ConfigException(key + "='" + name + "' is not a table name");
        }
        return name;
    }

    /**
     * The protection's tables, when {@code htable.tables} does not define them: the ban table as a Kamailio node's
     * {@code ipban} usually is (replicated, so a Kamailio node defining the same table bans too), the failure
     * counters local to the Locus cluster (Kamailio has no use for them).
     */
    static List<HtableSpec> withProtectTables(List<HtableSpec> tables, ProtectConfig protect) {
        if (!protect.enabled()) {
            return tables;
        }
        List<HtableSpec> all = new java.util.ArrayList<>(tables);
        Optional<HtableSpec> bans = tables.stream().filter(t -> t.name().equals(protect.banTable())).findFirst();
        if (bans.isEmpty()) {
            all.add(HtableSpec.parse(protect.banTable() + "=>size=10;autoexpire=" + protect.banSeconds()
                    + ";dmqreplicate=1"));
        } else if (!bans.get().expires()) {
            throw new ConfigException("htable.tables: protect.ban_table " + protect.banTable() + " has no autoexpire: "
                    + "its bans would never end (give it autoexpire, say autoexpire=" + protect.banSeconds() + ")");
        }
        if (protect.countsAuthFailures()) {
            if (protect.authTable().equals(protect.banTable())) {
                throw new ConfigException("protect.auth_table and protect.ban_table must be different tables");
            }
            Optional<HtableSpec> counters = tables.stream().filter(t -> t.name().equals(protect.authTable())).findFirst();
            if (counters.isEmpty()) {
                all.add(HtableSpec.parse(protect.authTable() + "=>size=10;autoexpire=" + protect.authWindow().toSeconds()
                        + ";updateexpire=0;initval=0"));
            } else if (!counters.get().expires() || counters.get().updateexpire() || counters.get().initval().isEmpty()) {
                throw new ConfigException("htable.tables: protect.auth_table " + protect.authTable() + " must count in "
                        + "a window: define it with autoexpire=<window>;updateexpire=0;initval=0");
            }
        }
        return all;
    }

    private static HtableConfig htable(Settings s, DatabaseConfig database, ProtectConfig protect) {
        List<HtableSpec> tables;
        try {
            tables = HtableSpec.parseAll(s.string("htable.tables"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("htable.tables: " + e.getMessage());
        }
        tables.stream().filter(t -> !t.dbtable().isEmpty() && !database.configured()).findFirst().ifPresent(t -> {
            throw new ConfigException("htable.tables: table " + t.name() + " loads from dbtable=" + t.dbtable()
                    + ", which needs a database: set db.url");
        });
        return new HtableConfig(withProtectTables(tables, protect), s.bool("htable.db_expires"));
    }

    private static TmConfig tm(Settings s) {
        return new TmConfig(Duration.ofMillis(s.integer("tm.fr_timer_ms", 100, 600_000)),
                (int) s.integer("tm.max_transactions", 1, 1_000_000), (int) s.integer("tm.max_waiting", 1, 1_000_000));
    }

    private static DmqSettings dmq(Settings s) {
        List<DmqUri> seeds = new java.util.ArrayList<>();
        for (String seed : s.list("dmq.notification_address")) {
            try {
                seeds.add(DmqUri.parse(seed.startsWith("sip:") ? seed : "sip:" + seed));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("dmq.notification_address: '" + seed + "' " + e.getMessage());
            }
        }
        SocketSpec listen = SocketSpec.parse("dmq.listen", s.string("dmq.listen"));
        if (!listen.transport().equals("udp")) {
            throw new ConfigException("dmq.listen=" + listen + ": DMQ runs over udp, as Kamailio's nodes expect");
        }
        if (!listen.host().matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new ConfigException("dmq.listen=" + listen + ": the host must be an IP address (Kamailio identifies nodes by it)");
        }
        Optional<java.net.InetSocketAddress> dns = Optional.empty();
        String server = s.string("dmq.dns_server");
        if (!server.isBlank()) {
            int colon = server.lastIndexOf(':');
            try {
                dns = Optional.of(colon > 0
                        ? new java.net.InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)))
                        : new java.net.InetSocketAddress(server, 53));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("dmq.dns_server=" + server + " is not host[:port]");
            }
        }
        return new DmqSettings(seeds, listen, dns, Duration.ofSeconds(s.integer("dmq.ping_interval", 1, 3600)),
                Duration.ofSeconds(s.integer("dmq.dns_hold", 0, 86_400)),
                Duration.ofSeconds(s.integer("dmq.request_timeout", 1, 60)), (int) s.integer("dmq.workers", 1, 64),
                (int) s.integer("dmq.window", 1, 10_000), (int) s.integer("dmq.sync_batch", 1, 150));
    }

    private static UacregConfig uacreg(Settings s, DatabaseConfig database, SipConfig sip) {
        boolean enabled = needsDatabase(s, "uacreg.enabled", database, "uacreg");
        String contact = s.string("uacreg.contact_addr");
        if (contact.isBlank()) {
            String advertised = sip.advertisedAddress();
            SocketSpec first = sip.listen().get(0);
            contact = !advertised.isBlank() ? advertised
                    : (first.host().contains(":") ? "[" + first.host() + "]" : first.host()) + ":" + first.port();
        }
        if (contact.startsWith("sip:") || contact.contains("@") || contact.contains(" ")) {
            throw new ConfigException("uacreg.contact_addr=" + contact + " must be host[:port][;params], without sip: or a user");
        }
        Duration retry = Duration.ofSeconds(s.integer("uacreg.retry_interval", 1, 86400));
        Duration retryMax = Duration.ofSeconds(s.integer("uacreg.retry_max", 1, 86400));
        if (retryMax.compareTo(retry) < 0) {
            throw new ConfigException("uacreg.retry_max=" + retryMax.toSeconds() + " is below uacreg.retry_interval=" + retry.toSeconds());
        }
        return new UacregConfig(enabled, contact, Duration.ofSeconds(s.integer("uacreg.timeout", 1, 300)), retry,
                retryMax, Duration.ofMillis(s.integer("uacreg.random_delay_ms", 0, 3_600_000)),
                (int) s.integer("uacreg.max_rate", 1, 100_000), quorum(s),
                Duration.ofSeconds(s.integer("uacreg.refresh_margin_max", 1, 3600)),
                Duration.ofSeconds(s.integer("uacreg.db_retry", 1, 3600)));
    }

    /** {@code auto} (a majority of the cluster, see {@link ClusterConfig#expectedMembers}) or a number. */
    private static OptionalInt quorum(Settings s) {
        return "auto".equalsIgnoreCase(s.string("uacreg.quorum").trim()) ? OptionalInt.empty()
                : OptionalInt.of((int) s.integer("uacreg.quorum", 1, 1000));
    }

    private static AuthConfig auth(Settings s, DatabaseConfig database) {
        boolean enabled = needsDatabase(s, "auth.enabled", database, "subscriber");
        List<DigestAlgorithm> algorithms = new java.util.ArrayList<>();
        for (String token : s.list("auth.algorithms")) {
            algorithms.add(DigestAlgorithm.fromToken(token).filter(a -> !token.isBlank())
                    .orElseThrow(() -> new ConfigException("auth.algorithms: unknown algorithm " + token + " (MD5, SHA-256)")));
        }
        if (algorithms.isEmpty()) {
            throw new ConfigException("auth.algorithms is empty: offer MD5, SHA-256 or both");
        }
        String secret = s.string("auth.secret");
        if (!secret.isEmpty() && secret.length() < 16) {
            throw new ConfigException("auth.secret must have at least 16 characters (it has " + secret.length() + ")");
        }
        return new AuthConfig(enabled, s.string("auth.realm"), algorithms, secret,
                Duration.ofSeconds(s.integer("auth.nonce_expires", 5, 86400)), s.bool("auth.use_domain"),
                Duration.ofSeconds(s.integer("auth.cache_seconds", 0, 3600)), (int) s.integer("auth.db_threads", 1, 256));
    }

    /** An auto/true/false switch of a feature that reads {@code table}: auto means "when a database is set". */
    private static boolean needsDatabase(Settings s, String key, DatabaseConfig database, String table) {
        String mode = s.string(key).toLowerCase(java.util.Locale.ROOT);
        return switch (mode) {
            case "auto" -> database.configured();
            case "true" -> {
                if (!database.configured()) {
                    throw new ConfigException(key + "=true needs a database with the " + table + " table: set db.url");
                }
                yield true;
            }
            case "false" -> false;
            default -> throw new ConfigException(key + "=" + mode + " must be auto, true or false");
        };
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String nonBlank(Settings s, String key) {
        String v = s.string(key);
        if (v.isBlank()) {
            throw new ConfigException(key + " must not be empty");
        }
        return v;
    }

    /** A bearer token is guessed online, request by request: too short a one would fall to a patient script. */
    private static Optional<String> rpcSecret(Settings s) {
        return secret(s, "rpc.secret");
    }

    private static Optional<String> secret(Settings s, String key) {
        String secret = s.string(key);
        if (!secret.isEmpty() && secret.length() < 16) {
            throw new ConfigException(key + " must have at least 16 characters (it has " + secret.length() + ")");
        }
        return Optional.of(secret).filter(token -> !token.isEmpty());
    }

    /** Every resolved setting, sorted, secrets masked: logged once at start-up. */
    public String describe() {
        return raw.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) && !e.getValue().isEmpty() ? "****"
                        : DatabaseConfig.maskSecrets(e.getValue())))
                .collect(Collectors.joining(", "));
    }

    private static boolean isSecret(String key) {
        return key.contains("password") || key.contains("secret");
    }
}
