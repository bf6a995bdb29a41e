package gatehouse.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

/**
 * SQL text with its parameters, numbered as JPA native queries take them
 * ({@code ?1}, {@code ?2}, …). Values only ever enter as parameters.
 */
public final class Sql {

    private final StringBuilder text = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();

    public Sql append(String sql) {
        text.append(sql);
        return this;
    }

    /** Appends a placeholder for {@code value}. */
    public Sql param(Object value) {
        parameters.add(value);
        text.append('?').append(parameters.size());
        return this;
    }

    /** Appends another fragment, renumbering its placeholders after ours. */
    public Sql append(Sql other) {
        int shift = parameters.size();
        String sql = other.text.toString();
        StringBuilder renumbered = new StringBuilder(sql.length() + 16);
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '?') {
                int end = i + 1;
                while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                renumbered.append('?').append(Integer.parseInt(sql.substring(i + 1, end)) + shift);
                i = end - 1;
            } else {
                renumbered.append(c);
            }
        }
        text.append(renumbered);
        parameters.addAll(other.parameters);
        return this;
    }

    /** A native query of this SQL with its parameters set. */
    public Query query(EntityManager em) {
        return withParameters(em.createNativeQuery(text.toString()));
    }

    /** A native query of this SQL whose rows are entities of {@code type}, with its parameters set. */
    public Query query(EntityManager em, Class<?> type) {
        return withParameters(em.createNativeQuery(text.toString(), type));
    }

    private Query withParameters(Query query) {
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        return query;
    }

    public String text() {
        return text.toString();
    }

    public List<Object> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
