package dev.backprop.model;

import dev.backprop.system.NotFoundException;
import dev.backprop.system.PageResponse;
import dev.backprop.system.StateConflictException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Aliases: a name such as {@code champion} for one version of a model name, which callers predict by
 * instead of a version number, so that promoting another version changes no caller. Every move,
 * rollback and deletion is recorded. Each change first locks the model name's counter row, so the
 * changes of one name, its registrations and its deletions take turns.
 */
@Service
class ModelAliases {

    /** An alias starts with a letter, so it is never a version number; {@code latest} is taken. ECMA-262 and Java alike. */
    static final String PATTERN = "^(?!latest$)[a-z][a-z0-9_-]{0,63}$";
    static final String PATTERN_MESSAGE = "must be 1 to 64 lowercase letters, digits, '-' or '_', starting with a"
            + " letter, and not \"latest\"";

    /** Where an alias points: the version, its model, and its last move. */
    record ModelAlias(String name, String alias, int version, UUID modelId, Instant movedAt, String movedBy) {
    }

    /** One change of an alias: from a version to another; {@code from} null when it was created, {@code to} when deleted. */
    record AliasMove(@Schema(types = {"integer", "null"}, description = "the version it named before; null: none") Integer from,
                     @Schema(types = {"integer", "null"}, description = "the version it named after; null: deleted") Integer to,
                     Instant movedAt, String movedBy) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ModelAliases(JdbcTemplate jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /** Whether a version, as a caller gives it, is an alias rather than a number or {@code latest}. */
    static boolean isAlias(String version) {
        return ALIAS.matcher(version).matches();
    }

    private static final Pattern ALIAS = Pattern.compile(PATTERN);

    /** Where an alias pointed and where it points now, after {@link #move} said whether it created it. */
    record Moved(ModelAlias alias, boolean created) {
    }

    /**
     * Points the alias at the name's version for {@code by}, creating it if need be; a move to where it
     * points already records nothing.
     */
    @Transactional
    Moved move(String name, String alias, int version, String by) {
        lockName(name);
        Integer from = current(name, alias).map(ModelAlias::version).orElse(null);
        if (from == null || from != version) {
            write(name, alias, from, version, by);
        }
        return new Moved(current(name, alias).orElseThrow(), from == null);
    }

    /**
     * Points the alias back at the version it named before its last move: it undoes the last move, so
     * a second rollback redoes it.
     */
    @Transactional
    ModelAlias rollback(String name, String alias, String by) {
        lockName(name);
        ModelAlias now = require(name, alias);
        // the last move's origin: null when that move created the alias
        Integer previous = jdbc.query("SELECT from_version FROM model_alias_move WHERE name = ? AND alias = ?"
                + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", (rs, row) -> (Integer) rs.getObject(1), name, alias)
                .getFirst();
        if (previous == null) {
            throw new StateConflictException("Alias '" + alias + "' of model '" + name + "' was created by its last move;"
                    + " there is no earlier version to roll back to");
        }
        if (modelId(name, previous).isEmpty()) {
            throw new StateConflictException("Version " + previous + " of model '" + name + "', which alias '" + alias
                    + "' named before, was deleted; move the alias with PUT instead");
        }
        write(name, alias, now.version(), previous, by);
        return current(name, alias).orElseThrow();
    }

    @Transactional
    void delete(String name, String alias, String by) {
        lockName(name);
        ModelAlias now = require(name, alias);
        jdbc.update("DELETE FROM model_alias WHERE name = ? AND alias = ?", name, alias);
        record(name, alias, now.version(), null, Instant.now(clock).truncatedTo(ChronoUnit.MICROS), by);
    }

    @Transactional(readOnly = true)
    ModelAlias get(String name, String alias) {
        return require(name, alias);
    }

    /** The name's aliases by alias; 404 for a name that never had a model. */
    @Transactional(readOnly = true)
    List<ModelAlias> list(String name) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM model_name WHERE name = ?", Integer.class, name) == 0) {
            throw new NotFoundException("Model", name);
        }
        return jdbc.query(SELECT + " WHERE a.name = ? ORDER BY a.alias", (rs, row) -> alias(rs), name);
    }

    /** The alias's moves, newest first; those of an alias since deleted too. */
    @Transactional(readOnly = true)
    PageResponse<AliasMove> history(String name, String alias, int page, int size) {
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM model_alias_move WHERE name = ? AND alias = ?", Long.class,
                name, alias);
        if (total == 0) {
            throw notFound(name, alias);
        }
        List<AliasMove> moves = jdbc.query("SELECT from_version, to_version, moved_at, moved_by FROM model_alias_move"
                        + " WHERE name = ? AND alias = ? ORDER BY id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                (rs, row) -> new AliasMove((Integer) rs.getObject(1), (Integer) rs.getObject(2),
                        rs.getTimestamp(3).toInstant(), rs.getString(4)), name, alias, (long) page * size, size);
        return new PageResponse<>(moves, page, size, total, (int) ((total + size - 1) / size));
    }

    /** The aliases that name the version, by alias: such a model cannot be deleted. */
    List<String> naming(String name, int version) {
        return jdbc.queryForList("SELECT alias FROM model_alias WHERE name = ? AND version = ? ORDER BY alias",
                String.class, name, version);
    }

    /**
     * The name's counter row, locked until the transaction ends: what alias changes, registrations and
     * deletions of one name take turns on. 404 for a name that never had a model.
     */
    void lockName(String name) {
        if (jdbc.queryForList("SELECT last_version FROM model_name WHERE name = ? FOR UPDATE", Integer.class, name)
                .isEmpty()) {
            throw new NotFoundException("Model", name);
        }
    }

    private void write(String name, String alias, Integer from, int to, String by) {
        if (modelId(name, to).isEmpty()) {
            throw NotFoundException.saying("Model '" + name + "' has no version " + to);
        }
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        if (from == null) {
            jdbc.update("INSERT INTO model_alias (name, alias, version, moved_at, moved_by) VALUES (?, ?, ?, ?, ?)", name,
                    alias, to, Timestamp.from(now), by);
        } else {
            jdbc.update("UPDATE model_alias SET version = ?, moved_at = ?, moved_by = ? WHERE name = ? AND alias = ?", to,
                    Timestamp.from(now), by, name, alias);
        }
        record(name, alias, from, to, now, by);
    }

    /** Records a change, and has this instance's lookups of the alias forgotten once it commits. */
    private void record(String name, String alias, Integer from, Integer to, Instant at, String by) {
        jdbc.update("INSERT INTO model_alias_move (name, alias, from_version, to_version, moved_at, moved_by)"
                + " VALUES (?, ?, ?, ?, ?, ?)", name, alias, from, to, Timestamp.from(at), by);
        events.publishEvent(new ModelService.AliasChanged(name, alias));
    }

    private Optional<UUID> modelId(String name, int version) {
        return jdbc.queryForList("SELECT id FROM model WHERE name = ? AND version = ?", UUID.class, name, version)
                .stream().findFirst();
    }

    private static final String SELECT = "SELECT a.name, a.alias, a.version, m.id, a.moved_at, a.moved_by"
            + " FROM model_alias a JOIN model m ON m.name = a.name AND m.version = a.version";

    private Optional<ModelAlias> current(String name, String alias) {
        return jdbc.query(SELECT + " WHERE a.name = ? AND a.alias = ?", (rs, row) -> alias(rs), name, alias).stream()
                .findFirst();
    }

    private ModelAlias require(String name, String alias) {
        return current(name, alias).orElseThrow(() -> notFound(name, alias));
    }

    static NotFoundException notFound(String name, String alias) {
        return NotFoundException.saying("Model '" + name + "' has no alias '" + alias + "'");
    }

    private static ModelAlias alias(ResultSet rs) throws SQLException {
        return new ModelAlias(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getObject(4, UUID.class),
                rs.getTimestamp(5).toInstant(), rs.getString(6));
    }
}
