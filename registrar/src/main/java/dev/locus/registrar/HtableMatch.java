package dev.locus.registrar;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which items a bulk removal takes (Kamailio's {@code sht_rm_name_re}, {@code sht_rm_value_re}, {@code sht_rm_name},
 * {@code sht_rm_value}): by a regular expression or a prefix, on the item's name or on its string value (integer
 * values never match a value test).
 *
 * @param onValue whether the test is on the value (Kamailio's mode 1) rather than the name (mode 0)
 */
public record HtableMatch(Kind kind, boolean onValue, String pattern) {

    public enum Kind {
        /** DMQ action 5. */
        REGEX,
        /** DMQ action 6. */
        PREFIX
    }

    /** @throws IllegalArgumentException when a regular expression does not compile */
    public HtableMatch {
        java.util.Objects.requireNonNull(kind, "kind");
        java.util.Objects.requireNonNull(pattern, "pattern");
        if (kind == Kind.REGEX) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("bad regular expression " + pattern + ": " + e.getDescription());
            }
        }
    }

    public boolean matches(HtItem item) {
        String subject;
        if (onValue) {
            if (!(item.value() instanceof HtValue.Str s)) {
                return false;
            }
            subject = s.value();
        } else {
            subject = item.name();
        }
        // POSIX regexec as Kamailio runs it: a match anywhere in the subject.
        return kind == Kind.PREFIX ? subject.startsWith(pattern) : Pattern.compile(pattern).matcher(subject).find();
    }
}
