package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtValue;
import dev.locus.registrar.Htable;
import dev.locus.registrar.HtableListener;
import dev.locus.registrar.HtableChange;
import dev.locus.registrar.HtableSpec;
import dev.locus.registrar.HtableUnavailableException;
import dev.locus.registrar.Htables;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the HTTP tests cannot reach on a live node: a cluster that does not answer, and a table whose every slot
 * is taken (stats' min). The commands run against a table of fixed content.
 */
class HtableMethodsTest {

    private final ObjectMapper json = new ObjectMapper();

    private JsonNode call(Htables htables, String method, String params) throws Exception {
        RpcMethods methods = new RpcMethods();
        new HtableMethods(htables, ZoneId.of("Europe/Berlin")).registerIn(methods);
        return methods.find(method).orElseThrow().call(new Params(json.readTree(params)));
    }

    @Test
    void aClusterThatDoesNotAnswerIs500SayingSo() {
        Htables down = new Fixed(HtableSpec.parse("t=>size=1"), null);
        for (String[] call : new String[][] {{"htable.get", "[\"t\",\"k\"]"}, {"htable.sets", "[\"t\",\"k\",\"v\"]"},
                {"htable.seti", "[\"t\",\"k\",1]"}, {"htable.setex", "[\"t\",\"k\",1]"},
                {"htable.setxs", "[\"t\",\"k\",\"v\",1]"}, {"htable.setxi", "[\"t\",\"k\",1,1]"},
                {"htable.delete", "[\"t\",\"k\"]"}, {"htable.dump", "[\"t\"]"}, {"htable.flush", "[\"t\"]"},
                {"htable.stats", "[]"}}) {
            assertThatThrownBy(() -> call(down, call[0], call[1])).as(call[0])
                    .isInstanceOfSatisfying(RpcException.class, e -> {
                        assertThat(e.code()).isEqualTo(500);
                        assertThat(e.getMessage())
                                .isEqualTo("Operation failed: htable t unavailable (the cluster did not answer)");
                    });
        }
    }

    @Test
    void statsMinIsTheEmptiestSlotOnceEverySlotIsTaken() throws Exception {
        // 8 slots: these names cover slots 0..7 (core_case_hash & 7); "a", "A" and "h" all fall in 5.
        List<HtItem> items = List.of("a", "A", "ab", "abc", "abcd", "abcde", "b", "c", "d", "e", "f", "g", "h", "i")
                .stream().map(n -> new HtItem(n, HtValue.of(1), 0)).toList();
        long slots = items.stream().map(i -> KamailioHash.coreCaseHash(i.name()) & 7).distinct().count();
        assertThat(slots).isEqualTo(8);
        JsonNode stats = call(new Fixed(HtableSpec.parse("t=>size=3"), items), "htable.stats", "[]");
        assertThat(stats.get(0).get("all").asInt()).isEqualTo(14);
        assertThat(stats.get(0).get("min").asInt()).isEqualTo(1);
        assertThat(stats.get(0).get("max").asInt()).isEqualTo(3);
    }

    @Test
    void getShowsTheExpiryInTheNodesZone() throws Exception {
        Htables one = new Fixed(HtableSpec.parse("t=>size=1;autoexpire=60"),
                List.of(new HtItem("k", HtValue.of("v"), 1_800_000_000L)));
        assertThat(call(one, "htable.get", "[\"t\",\"k\"]").at("/item/expire").asText())
                .isEqualTo("2027-01-15 09:00:00");
    }

    @Test
    void noTablesAtAllIsKamailiosFault() {
        Htables none = new Htables() {
            @Override
            public List<HtableSpec> specs() {
                return List.of();
            }

            @Override
            public Optional<Htable> table(String name) {
                return Optional.empty();
            }

            @Override
            public void addListener(HtableListener listener) {
            }

            @Override
            public boolean applyReceived(HtableChange change) {
                return false;
            }

            @Override
            public boolean applySynced(String table, String name, HtValue value, long expire) {
                return false;
            }
        };
        for (String method : List.of("htable.listTables", "htable.stats")) {
            assertThatThrownBy(() -> call(none, method, "[]")).isInstanceOfSatisfying(RpcException.class, e ->
                    assertThat(e.getMessage()).isEqualTo("No htables"));
        }
    }

    /**
     * One table holding {@code items} (null: a cluster that never answers, whatever is asked). A proxy, so that the
     * stub follows the table interface as it grows: only what the commands read is answered.
     */
    private record Fixed(HtableSpec spec, List<HtItem> items) implements Htables {

        @Override
        public List<HtableSpec> specs() {
            return List.of(spec);
        }

        @Override
        public Optional<Htable> table(String name) {
            return name.equals(spec.name()) ? Optional.of(table()) : Optional.empty();
        }

        private Htable table() {
            return (Htable) Proxy.newProxyInstance(Htable.class.getClassLoader(), new Class<?>[] {Htable.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("spec")) {
                            return spec;
                        }
                        if (items == null) {
                            throw new HtableUnavailableException("htable t did not answer", new TimeoutException());
                        }
                        return switch (method.getName()) {
                            case "items" -> items;
                            case "get" -> items.stream().filter(i -> i.name().equals(args[0])).findFirst();
                            default -> throw new UnsupportedOperationException(method.getName());
                        };
                    });
        }

        @Override
        public void addListener(HtableListener listener) {
        }

        @Override
        public boolean applyReceived(HtableChange change) {
            return true;
        }

        @Override
        public boolean applySynced(String table, String name, HtValue value, long expire) {
            return true;
        }
    }
}
