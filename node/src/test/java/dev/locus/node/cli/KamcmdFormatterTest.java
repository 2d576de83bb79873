package dev.locus.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden samples: Kamailio 5.6's JSON-RPC results (reference §8, §11) and what kamcmd printed for the same data
 * (§8.11, §12). Where the reference elides records with "...", the JSON fills them in and so does the text.
 */
class KamcmdFormatterTest {

    private final ObjectMapper json = new ObjectMapper();
    private final KamcmdFormatter formatter = new KamcmdFormatter();

    private String format(String result) throws Exception {
        JsonNode node = json.readTree(result);
        return formatter.format(node);
    }

    private String scalar(String value) throws Exception {
        return KamcmdFormatter.scalar(json.readTree(value));
    }

    @Test
    void ulDumpPrintsKamailiosStructArraysAsNamedMembersAndUint32sSigned() throws Exception {
        String result = """
                {"Domains":[{"Domain":{"Domain":"location","Size":1024,"AoRs":[
                 {"Info":{"AoR":"trunkuser6","HashID":3778790100,"Contacts":[{"Contact":{"Address":"sip:trunk_brief@127.0.0.22:5060","Expires":19,"Q":-1,
                 "Call-ID":"1c349b6935329061-7545@127.0.0.22","CSeq":13,"User-Agent":"client-test",
                 "Received":"[not set]","Path":"[not set]","State":"CS_NEW","Flags":0,"CFlags":0,
                 "Socket":"udp:127.0.0.21:5060","Methods":4294967295,"Ruid":"uloc-6b031c5a-1d61-2",
                 "Instance":"[not set]","Reg-Id":0,"Server-Id":0,"Tcpconn-Id":-1,"Keepalive":0,
                 "Last-Keepalive":1795366000,"KA-Roundtrip":0,"Last-Modified":1795366000}}]}},
                 {"Info":{"AoR":"trunkuser1","HashID":3778790107,"Contacts":[{"Contact":{"Address":"sip:trunk_ok@127.0.0.22:5060","Expires":35,"Q":-1,
                 "Call-ID":"1c349b6935329060-7545@127.0.0.22","CSeq":11,"User-Agent":"client-test",
                 "Received":"[not set]","Path":"[not set]","State":"CS_NEW","Flags":0,"CFlags":0,
                 "Socket":"udp:127.0.0.21:5060","Methods":4294967295,"Ruid":"uloc-6b031c5a-1d61-1",
                 "Instance":"[not set]","Reg-Id":0,"Server-Id":0,"Tcpconn-Id":-1,"Keepalive":0,
                 "Last-Keepalive":1795365980,"KA-Roundtrip":0,"Last-Modified":1795365980}}]}}],
                 "Stats":{"Records":2,"Max-Slots":1}}}]}""";
        assertThat(format(result)).isEqualTo("""
                {
                \tDomains: {
                \t\tDomain: {
                \t\t\tDomain: location
                \t\t\tSize: 1024
                \t\t\tAoRs: {
                \t\t\t\tInfo: {
                \t\t\t\t\tAoR: trunkuser6
                \t\t\t\t\tHashID: -516177196
                \t\t\t\t\tContacts: {
                \t\t\t\t\t\tContact: {
                \t\t\t\t\t\t\tAddress: sip:trunk_brief@127.0.0.22:5060
                \t\t\t\t\t\t\tExpires: 19
                \t\t\t\t\t\t\tQ: -1
                \t\t\t\t\t\t\tCall-ID: 1c349b6935329061-7545@127.0.0.22
                \t\t\t\t\t\t\tCSeq: 13
                \t\t\t\t\t\t\tUser-Agent: client-test
                \t\t\t\t\t\t\tReceived: [not set]
                \t\t\t\t\t\t\tPath: [not set]
                \t\t\t\t\t\t\tState: CS_NEW
                \t\t\t\t\t\t\tFlags: 0
                \t\t\t\t\t\t\tCFlags: 0
                \t\t\t\t\t\t\tSocket: udp:127.0.0.21:5060
                \t\t\t\t\t\t\tMethods: -1
                \t\t\t\t\t\t\tRuid: uloc-6b031c5a-1d61-2
                \t\t\t\t\t\t\tInstance: [not set]
                \t\t\t\t\t\t\tReg-Id: 0
                \t\t\t\t\t\t\tServer-Id: 0
                \t\t\t\t\t\t\tTcpconn-Id: -1
                \t\t\t\t\t\t\tKeepalive: 0
                \t\t\t\t\t\t\tLast-Keepalive: 1795366000
                \t\t\t\t\t\t\tKA-Roundtrip: 0
                \t\t\t\t\t\t\tLast-Modified: 1795366000
                \t\t\t\t\t\t}
                \t\t\t\t\t}
                \t\t\t\t}
                \t\t\t\tInfo: {
                \t\t\t\t\tAoR: trunkuser1
                \t\t\t\t\tHashID: -516177189
                \t\t\t\t\tContacts: {
                \t\t\t\t\t\tContact: {
                \t\t\t\t\t\t\tAddress: sip:trunk_ok@127.0.0.22:5060
                \t\t\t\t\t\t\tExpires: 35
                \t\t\t\t\t\t\tQ: -1
                \t\t\t\t\t\t\tCall-ID: 1c349b6935329060-7545@127.0.0.22
                \t\t\t\t\t\t\tCSeq: 11
                \t\t\t\t\t\t\tUser-Agent: client-test
                \t\t\t\t\t\t\tReceived: [not set]
                \t\t\t\t\t\t\tPath: [not set]
                \t\t\t\t\t\t\tState: CS_NEW
                \t\t\t\t\t\t\tFlags: 0
                \t\t\t\t\t\t\tCFlags: 0
                \t\t\t\t\t\t\tSocket: udp:127.0.0.21:5060
                \t\t\t\t\t\t\tMethods: -1
                \t\t\t\t\t\t\tRuid: uloc-6b031c5a-1d61-1
                \t\t\t\t\t\t\tInstance: [not set]
                \t\t\t\t\t\t\tReg-Id: 0
                \t\t\t\t\t\t\tServer-Id: 0
                \t\t\t\t\t\t\tTcpconn-Id: -1
                \t\t\t\t\t\t\tKeepalive: 0
                \t\t\t\t\t\t\tLast-Keepalive: 1795365980
                \t\t\t\t\t\t\tKA-Roundtrip: 0
                \t\t\t\t\t\t\tLast-Modified: 1795365980
                \t\t\t\t\t\t}
                \t\t\t\t\t}
                \t\t\t\t}
                \t\t\t}
                \t\t\tStats: {
                \t\t\t\tRecords: 2
                \t\t\t\tMax-Slots: 1
                \t\t\t}
                \t\t}
                \t}
                }
                """);
    }

    @Test
    void ulDumpBriefListsTheAorsAsNamedMembers() throws Exception {
        String result = """
                {"Domains":[{"Domain":{"Domain":"location","Size":1024,
                 "AoRs":[{"AoR":"trunkuser6"},{"AoR":"trunkuser5"},{"AoR":"trunkuser1"}],
                 "Stats":{"Records":3,"Max-Slots":1}}}]}""";
        assertThat(format(result)).isEqualTo("""
                {
                \tDomains: {
                \t\tDomain: {
                \t\t\tDomain: location
                \t\t\tSize: 1024
                \t\t\tAoRs: {
                \t\t\t\tAoR: trunkuser6
                \t\t\t\tAoR: trunkuser5
                \t\t\t\tAoR: trunkuser1
                \t\t\t}
                \t\t\tStats: {
                \t\t\t\tRecords: 3
                \t\t\t\tMax-Slots: 1
                \t\t\t}
                \t\t}
                \t}
                }
                """);
    }

    @Test
    void htableDumpPrintsOneRecordPerSlotWithAnonymousEntries() throws Exception {
        String result = """
                [{"entry":6,"size":1,"slot":[{"name":"gw1","value":"127.0.0.21","type":"str"}]},
                 {"entry":8,"size":1,"slot":[{"name":"cnt","value":0,"type":"int"}]}]""";
        assertThat(format(result)).isEqualTo("""
                {
                \tentry: 6
                \tsize: 1
                \tslot: {
                \t\t{
                \t\t\tname: gw1
                \t\t\tvalue: 127.0.0.21
                \t\t\ttype: str
                \t\t}
                \t}
                }
                {
                \tentry: 8
                \tsize: 1
                \tslot: {
                \t\t{
                \t\t\tname: cnt
                \t\t\tvalue: 0
                \t\t\ttype: int
                \t\t}
                \t}
                }
                """);
    }

    @Test
    void statisticsPrintOneLineEach() throws Exception {
        String result = """
                ["usrloc:location_contacts = 3", "usrloc:location_expires = 0",
                 "usrloc:location_users = 3", "usrloc:registered_users = 3"]""";
        assertThat(format(result)).isEqualTo("""
                usrloc:location_contacts = 3
                usrloc:location_expires = 0
                usrloc:location_users = 3
                usrloc:registered_users = 3
                """);
        assertThat(format("[\"uac:regactive = 0\", \"uac:regdisabled = 0\", \"uac:regtotal = 6\"]"))
                .isEqualTo("""
                uac:regactive = 0
                uac:regdisabled = 0
                uac:regtotal = 6
                """);
    }

    @Test
    void statsFetchPrintsItsStringValuesBare() throws Exception {
        String result = """
                {"usrloc.location_contacts": "3", "usrloc.location_expires": "0",
                 "usrloc.location_users": "3", "usrloc.registered_users": "3"}""";
        assertThat(format(result)).isEqualTo("""
                {
                \tusrloc.location_contacts: 3
                \tusrloc.location_expires: 0
                \tusrloc.location_users: 3
                \tusrloc.registered_users: 3
                }
                """);
    }

    @Test
    void coreVersionIsOneLineWithItsTrailingSpaceKept() throws Exception {
        assertThat(format("\"kamailio 5.6.3 (x86_64/linux) \"")).isEqualTo("kamailio 5.6.3 (x86_64/linux) \n");
    }

    @Test
    void uacRegInfoPrintsNullAsKamcmdsNullString() throws Exception {
        String result = """
                {"l_uuid":"trunk_ok","l_username":"alice","l_domain":"client.example","r_username":"trunkuser1",
                 "r_domain":"carrier.example","realm":"carrier.example","auth_username":"trunkuser1",
                 "auth_password":"trunkpw","auth_ha1":"none","auth_proxy":"sip:127.0.0.21:5060","expires":60,
                 "flags":20,"diff_expires":49,"timer_expires":1795366040,"reg_init":1795365980,"reg_delay":0,
                 "contact_addr":"127.0.0.22:5060","socket":null}""";
        assertThat(format(result)).isEqualTo("""
                {
                \tl_uuid: trunk_ok
                \tl_username: alice
                \tl_domain: client.example
                \tr_username: trunkuser1
                \tr_domain: carrier.example
                \trealm: carrier.example
                \tauth_username: trunkuser1
                \tauth_password: trunkpw
                \tauth_ha1: none
                \tauth_proxy: sip:127.0.0.21:5060
                \texpires: 60
                \tflags: 20
                \tdiff_expires: 49
                \ttimer_expires: 1795366040
                \treg_init: 1795365980
                \treg_delay: 0
                \tcontact_addr: 127.0.0.22:5060
                \tsocket: <null string>
                }
                """);
    }

    @Test
    void uacRegActivePrintsOneStruct() throws Exception {
        assertThat(format("{\"omode\": 1, \"nmode\": 1}")).isEqualTo("""
                {
                \tomode: 1
                \tnmode: 1
                }
                """);
    }

    @Test
    void aCommandThatAddedNothingPrintsNothing() throws Exception {
        assertThat(format("{}")).isEmpty();
        assertThat(format("[]")).isEmpty();
    }

    @Test
    void errorsReadAsKamcmdsFaultLine() {
        assertThat(formatter.formatError(500, "AOR not found in location table"))
                .isEqualTo("error: 500 - AOR not found in location table");
        assertThat(formatter.formatError(-32601, "Method not found: no.such"))
                .isEqualTo("error: -32601 - Method not found: no.such");
    }

    @Test
    void integersInTheUint32RangePrintAsSigned32Bit() throws Exception {
        assertThat(scalar("4294967295")).isEqualTo("-1");
        assertThat(scalar("3778790100")).isEqualTo("-516177196");
        assertThat(scalar("2147483648")).isEqualTo("-2147483648");
        assertThat(scalar("2147483647")).isEqualTo("2147483647");
        assertThat(scalar("-1795365984")).isEqualTo("-1795365984");
    }

    @Test
    void integersBeyond32BitsPrintWhole() throws Exception {
        // Kamailio sends 64-bit values as binrpc doubles, which kamcmd prints without decimals.
        assertThat(scalar("4294967296")).isEqualTo("4294967296");
        assertThat(scalar("1795365980000")).isEqualTo("1795365980000");
        assertThat(scalar("-4294967296")).isEqualTo("-4294967296");
        assertThat(scalar("123456789012345678901234567890")).isEqualTo("123456789012345678901234567890");
    }

    @Test
    void doublesPrintAsIntegersWhenWholeElseWithSixDecimals() throws Exception {
        assertThat(scalar("-1.0")).isEqualTo("-1");
        assertThat(scalar("1.0")).isEqualTo("1");
        assertThat(scalar("0.5")).isEqualTo("0.500000");
        assertThat(scalar("0.1234567")).isEqualTo("0.123457");
        assertThat(scalar("5e9")).isEqualTo("5000000000");
    }

    @Test
    void nullAndBooleansPrintAsBinrpcCarriesThem() throws Exception {
        assertThat(scalar("null")).isEqualTo("<null string>");
        assertThat(scalar("true")).isEqualTo("1");
        assertThat(scalar("false")).isEqualTo("0");
    }

    @Test
    void anEmptyNestedStructStillPrintsItsBraces() throws Exception {
        assertThat(format("{\"a\": {}, \"b\": []}")).isEqualTo("{\n\ta: {\n\t}\n\tb: {\n\t}\n}\n");
    }

    @Test
    void anonymousValuesAndArraysInsideArraysPrintBare() throws Exception {
        assertThat(format("{\"echo\": [\"a\", 1, [2, 2.5], {\"x\": 1, \"y\": 2}]}")).isEqualTo("""
                {
                \techo: {
                \t\ta
                \t\t1
                \t\t{
                \t\t\t2
                \t\t\t2.500000
                \t\t}
                \t\t{
                \t\t\tx: 1
                \t\t\ty: 2
                \t\t}
                \t}
                }
                """);
    }

    @Test
    void eachElementOfATopLevelArrayIsOneRecord() throws Exception {
        assertThat(format("[\"a\", 1, null, {\"x\": 1}]")).isEqualTo("a\n1\n<null string>\n{\n\tx: 1\n}\n");
        assertThat(format("42")).isEqualTo("42\n");
    }

    @Test
    void htableDumpPrintsEachSlotAsARecordAndItsItemsAnonymously() throws Exception {
        // Kamailio 5.6.3: htable.dump over jsonrpcs, and kamcmd htable.dump for the same table.
        String result = """
                [{"entry": 4, "size": 1, "slot": [{"name": "gw3", "value": "5060", "type": "str"}]},
                 {"entry": 6, "size": 2, "slot": [{"name": "gw1", "value": "127.0.0.21", "type": "str"},
                                                  {"name": "cnt2", "value": 5, "type": "int"}]}]""";
        assertThat(format(result)).isEqualTo("""
                {
                \tentry: 4
                \tsize: 1
                \tslot: {
                \t\t{
                \t\t\tname: gw3
                \t\t\tvalue: 5060
                \t\t\ttype: str
                \t\t}
                \t}
                }
                {
                \tentry: 6
                \tsize: 2
                \tslot: {
                \t\t{
                \t\t\tname: gw1
                \t\t\tvalue: 127.0.0.21
                \t\t\ttype: str
                \t\t}
                \t\t{
                \t\t\tname: cnt2
                \t\t\tvalue: 5
                \t\t\ttype: int
                \t\t}
                \t}
                }
                """);
        assertThat(format("[]")).isEmpty();
    }

    @Test
    void htableGetAndSetsPrintAsKamcmd() throws Exception {
        assertThat(format("""
                {"item": {"name": "cnt2", "value": 5, "flags": 0, "expire": "NEVER"}}""")).isEqualTo("""
                {
                \titem: {
                \t\tname: cnt2
                \t\tvalue: 5
                \t\tflags: 0
                \t\texpire: NEVER
                \t}
                }
                """);
        assertThat(format("\"Ok. Key set to new value.\"")).isEqualTo("Ok. Key set to new value.\n");
    }
}
