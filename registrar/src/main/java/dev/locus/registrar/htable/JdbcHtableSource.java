package dev.locus.registrar.htable;

import dev.locus.registrar.HtableLoadException;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Reads a table's rows through the node's pool, every column as its text. */
public final class JdbcHtableSource implements HtableSource {

    private final DataSource dataSource;

    public JdbcHtableSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<HtableRow> rows(String dbtable, List<String> columns) {
        // Names only from the definition, checked there as [A-Za-z0-9_]+: quoting them is enough.
        String sql = "SELECT " + columns.stream().map(JdbcHtableSource::quoted).collect(Collectors.joining(", "))
                + " FROM " + quoted(dbtable) + " ORDER BY " + quoted(columns.get(0));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            List<HtableRow> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    List<String> values = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        values.add(rs.getString(i));
                    }
                    rows.add(new HtableRow(rows.size() + 1, values));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new HtableLoadException("cannot read database table " + dbtable + ": " + e.getMessage(), e);
        }
    }

    private static String quoted(String name) {
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("not a plain SQL name: " + name);
        }
        return "`" + name + "`";
    }
}
