package dev.locus.uacreg.trunk;

import java.util.Map;
import java.util.Optional;

/**
 * Where a node reads trunk secrets: the uacreg table.
 *
 * @throws dev.locus.uacreg.UacregLoadException when the database cannot be read
 */
public interface CredentialsReader {

    /** The secrets of the row with this l_uuid, empty when the table has no such row. */
    Optional<Credentials> credentials(String lUuid);

    /** The secrets of every row, by l_uuid. */
    Map<String, Credentials> allCredentials();

    /** The secrets of these rows, by l_uuid; a row the table does not have is missing. */
    Map<String, Credentials> credentials(java.util.Collection<String> lUuids);
}
