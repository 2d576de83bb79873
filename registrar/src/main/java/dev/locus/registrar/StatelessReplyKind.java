package dev.locus.registrar;

/**
 * The buckets Kamailio 5.6's sl module counts its stateless replies in ({@code sl_stats.h}, {@code enum reply_type}),
 * in its order: some codes alone, the rest of their class together, and {@code xxx} for a status outside 100..699.
 */
public enum StatelessReplyKind {
    R1XX("1xx"), R200("200"), R202("202"), R2XX("2xx"),
    R300("300"), R301("301"), R302("302"), R3XX("3xx"),
    R400("400"), R401("401"), R403("403"), R404("404"), R407("407"), R408("408"), R483("483"), R4XX("4xx"),
    R500("500"), R5XX("5xx"), R6XX("6xx"), RXXX("xxx");

    private final String label;

    StatelessReplyKind(String label) {
        this.label = label;
    }

    /** Kamailio's label: {@code 404}, {@code 4xx}, ... ({@code sl:404_replies}, {@code sl.stats} member "404"). */
    public String label() {
        return label;
    }

    /** The bucket of a status, as {@code update_sl_stats} chooses it. */
    public static StatelessReplyKind of(int status) {
        if (status < 100 || status >= 700) {
            return RXXX;
        }
        return switch (status) {
            case 200 -> R200;
            case 202 -> R202;
            case 300 -> R300;
            case 301 -> R301;
            case 302 -> R302;
            case 400 -> R400;
            case 401 -> R401;
            case 403 -> R403;
            case 404 -> R404;
            case 407 -> R407;
            case 408 -> R408;
            case 483 -> R483;
            case 500 -> R500;
            default -> switch (status / 100) {
                case 1 -> R1XX;
                case 2 -> R2XX;
                case 3 -> R3XX;
                case 4 -> R4XX;
                case 5 -> R5XX;
                default -> R6XX;
            };
        };
    }
}
