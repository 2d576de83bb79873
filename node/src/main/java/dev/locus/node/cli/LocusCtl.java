package dev.locus.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code locusctl [-s URL] [--json] METHOD [PARAMS...]}: kamcmd for Locus, over JSON-RPC. Arguments are typed and
 * results printed as kamcmd does. Unlike kamcmd, which exits 0 on a fault, an error reply exits 1 and no answer
 * at all exits 2, so scripts can tell them apart.
 */
@Command(name = "locusctl", mixinStandardHelpOptions = true,
        description = "Calls a Locus node's JSON-RPC method and prints the result as kamcmd prints it.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:the server answered an error", "2:no answer, or a usage error"})
public final class LocusCtl implements Callable<Integer> {

    static final int OK = 0;
    static final int ERROR_REPLY = 1;
    static final int NO_ANSWER = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-s", "--server"}, paramLabel = "URL",
            defaultValue = "${env:LOCUS_CTL_SERVER:-http://127.0.0.1:5071/RPC}",
            description = "JSON-RPC endpoint (default: ${DEFAULT-VALUE}; also env LOCUS_CTL_SERVER).")
    private URI server;

    @Option(names = "--secret", paramLabel = "SECRET", defaultValue = "${env:LOCUS_CTL_SECRET:-}",
            description = "The node's rpc.secret, sent as a bearer token (default: env LOCUS_CTL_SECRET, which, "
                    + "unlike this option, other users cannot read in the process list).")
    private String secret;

    @Option(names = "--json", description = "Print the result as JSON instead of kamcmd's layout.")
    private boolean rawJson;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to wait for the connection and for the answer (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Parameters(index = "0", paramLabel = "METHOD", description = "RPC method, e.g. ul.dump")
    private String method;

    @Parameters(index = "1..*", paramLabel = "PARAMS",
            description = "Integers and decimals are sent as numbers, anything else as a string; s:VALUE forces a string.")
    private List<String> params = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocusCtl()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        checkOptions();
        ObjectMapper json = new ObjectMapper();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RpcReply reply;
        try {
            reply = new JsonRpcClient(server, Duration.ofSeconds(timeoutSeconds), secret, json)
                    .call(method, CtlArguments.toParams(params));
        } catch (NoAnswerException e) {
            err.println("locusctl: " + e.getMessage());
            err.flush();
            return NO_ANSWER;
        }
        KamcmdFormatter formatter = new KamcmdFormatter();
        if (reply instanceof RpcReply.Fault fault) {
            err.println(formatter.formatError(fault.code(), fault.message()));
            err.flush();
            return ERROR_REPLY;
        }
        JsonNode result = ((RpcReply.Result) reply).value();
        out.print(rawJson ? prettyJson(json, result) : formatter.format(result));
        out.flush();
        return OK;
    }

    private void checkOptions() {
        String scheme = server.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || server.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--server must be an http:// URL, not " + server);
        }
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second, not " + timeoutSeconds);
        }
    }

    private static String prettyJson(ObjectMapper json, JsonNode result) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(result) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", e);
        }
    }
}
