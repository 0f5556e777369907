import GRDB

extension Store {
    /// The append-only list of named migrations. Never edit a shipped one; add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-snapshots") { db in
            try db.execute(sql: """
                CREATE TABLE snapshot (
                    id INTEGER PRIMARY KEY,
                    taken_at REAL NOT NULL,            -- seconds since 1970
                    taken_at_text TEXT NOT NULL,       -- ISO 8601 in the configured time zone
                    period TEXT NOT NULL,              -- YYYY-MM in the configured time zone
                    content_hash TEXT NOT NULL,
                    source TEXT NOT NULL,
                    stored_at REAL NOT NULL,
                    department_level INTEGER NOT NULL, -- the level transfers were computed with
                    orgunit_count INTEGER NOT NULL,
                    user_count INTEGER NOT NULL,
                    group_count INTEGER NOT NULL,
                    member_count INTEGER NOT NULL,
                    transfer_count INTEGER NOT NULL,
                    pruned INTEGER NOT NULL DEFAULT 0, -- 1 once the directory rows are pruned
                    UNIQUE (taken_at, content_hash)
                );
                CREATE INDEX snapshot_by_time ON snapshot(taken_at);

                CREATE TABLE org_unit (
                    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
                    org_unit_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    parent_id TEXT,
                    display_order INTEGER NOT NULL,
                    PRIMARY KEY (snapshot_id, org_unit_id)
                ) WITHOUT ROWID;

                CREATE TABLE user (
                    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL,
                    last_name TEXT NOT NULL,
                    first_name TEXT NOT NULL,
                    email TEXT,
                    is_deleted INTEGER NOT NULL,
                    is_suspended INTEGER NOT NULL,
                    is_pending INTEGER NOT NULL,
                    primary_org_unit_id TEXT,
                    PRIMARY KEY (snapshot_id, user_id)
                ) WITHOUT ROWID;

                CREATE TABLE user_org (
                    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    org_unit_id TEXT NOT NULL,
                    position_name TEXT,
                    is_manager INTEGER NOT NULL,
                    is_primary INTEGER NOT NULL,
                    organization_index INTEGER NOT NULL,
                    organization_primary INTEGER NOT NULL,
                    PRIMARY KEY (snapshot_id, user_id, seq)
                ) WITHOUT ROWID;

                CREATE TABLE "group" (
                    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
                    group_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    visible INTEGER NOT NULL,
                    use_message INTEGER,
                    PRIMARY KEY (snapshot_id, group_id)
                ) WITHOUT ROWID;

                CREATE TABLE group_master (
                    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
                    group_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    PRIMARY KEY (snapshot_id, group_id, user_id)
                ) WITHOUT ROWID;

                CREATE TABLE group_member (
                    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
                    group_id TEXT NOT NULL,
                    member_type TEXT NOT NULL CHECK (member_type IN ('USER', 'ORGUNIT', 'GROUP')),
                    member_id TEXT NOT NULL,
                    PRIMARY KEY (snapshot_id, group_id, member_type, member_id)
                ) WITHOUT ROWID;

                -- Kept after pruning: what staleness (SPEC 3.3) needs from history.
                CREATE TABLE group_state (
                    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
                    group_id TEXT NOT NULL,
                    direct_hash TEXT NOT NULL,         -- of the sets of USER member ids and master ids
                    PRIMARY KEY (snapshot_id, group_id)
                ) WITHOUT ROWID;

                CREATE TABLE transfer (
                    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL,
                    from_org_unit_id TEXT NOT NULL,
                    to_org_unit_id TEXT NOT NULL,
                    from_department_id TEXT NOT NULL,
                    to_department_id TEXT NOT NULL,
                    from_department_name TEXT NOT NULL,
                    to_department_name TEXT NOT NULL,
                    effective_at REAL NOT NULL,
                    dated_by TEXT NOT NULL CHECK (dated_by IN ('csv', 'snapshot')),
                    PRIMARY KEY (snapshot_id, user_id)
                ) WITHOUT ROWID;
                CREATE INDEX transfer_by_user ON transfer(user_id);

                -- The groups a transferred user was a direct member or master of just before the transfer.
                CREATE TABLE transfer_prior_group (
                    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL,
                    group_id TEXT NOT NULL,
                    PRIMARY KEY (snapshot_id, user_id, group_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-findings") { db in
            try db.execute(sql: """
                -- One row per analysed snapshot; its findings, groups and departments hang off it.
                CREATE TABLE analysis (
                    snapshot_id INTEGER PRIMARY KEY REFERENCES snapshot(id),
                    analysed_at REAL NOT NULL,
                    settings TEXT NOT NULL,            -- the rule settings used, for the record
                    group_count INTEGER NOT NULL,
                    finding_count INTEGER NOT NULL
                );

                -- Every finding ever seen, by identity.
                CREATE TABLE finding (
                    id INTEGER PRIMARY KEY,
                    rule TEXT NOT NULL,
                    group_id TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    first_seen_snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),
                    first_seen_at REAL NOT NULL,
                    UNIQUE (rule, group_id, subject)
                );

                -- A finding at one analysed snapshot: present (new/open/reopened/waived) or resolved there.
                CREATE TABLE finding_state (
                    snapshot_id INTEGER NOT NULL REFERENCES analysis(snapshot_id) ON DELETE CASCADE,
                    finding_id INTEGER NOT NULL REFERENCES finding(id),
                    status TEXT NOT NULL CHECK (status IN ('new', 'open', 'reopened', 'waived', 'resolved')),
                    group_name TEXT NOT NULL,
                    message TEXT NOT NULL,
                    remediation TEXT NOT NULL,
                    evidence TEXT NOT NULL,            -- JSON [{label, value}]
                    departments TEXT NOT NULL,         -- JSON [orgUnitId]
                    waiver_id INTEGER,
                    first_seen_at REAL NOT NULL,
                    PRIMARY KEY (snapshot_id, finding_id)
                ) WITHOUT ROWID;
                CREATE INDEX finding_state_by_finding ON finding_state(finding_id, snapshot_id);

                CREATE TABLE group_summary (
                    snapshot_id INTEGER NOT NULL REFERENCES analysis(snapshot_id) ON DELETE CASCADE,
                    group_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    visible INTEGER NOT NULL,
                    active_masters INTEGER NOT NULL,
                    effective_members INTEGER NOT NULL,
                    home_departments TEXT NOT NULL,    -- JSON [orgUnitId]
                    PRIMARY KEY (snapshot_id, group_id)
                ) WITHOUT ROWID;

                CREATE TABLE department (
                    snapshot_id INTEGER NOT NULL REFERENCES analysis(snapshot_id) ON DELETE CASCADE,
                    org_unit_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    path TEXT NOT NULL,
                    display_order INTEGER NOT NULL,
                    PRIMARY KEY (snapshot_id, org_unit_id)
                ) WITHOUT ROWID;

                CREATE TABLE waiver (
                    id INTEGER PRIMARY KEY,
                    rule TEXT NOT NULL,
                    group_id TEXT NOT NULL,            -- '*' for every group
                    subject TEXT,                      -- NULL for every subject
                    until TEXT NOT NULL,               -- YYYY-MM-DD, inclusive
                    reason TEXT NOT NULL,
                    granted_by TEXT NOT NULL,
                    granted_at REAL NOT NULL,
                    revoked_at REAL
                );

                CREATE TABLE run (
                    id INTEGER PRIMARY KEY,
                    started_at REAL NOT NULL,
                    ended_at REAL,
                    outcome TEXT,                      -- ok / failed; NULL while running or when killed
                    snapshot_id INTEGER,
                    counts TEXT,
                    error TEXT
                );
                """)
        }
        migrator.registerMigration("v3-notifications") { db in
            try db.execute(sql: """
                CREATE TABLE notification (
                    period TEXT NOT NULL,              -- YYYY-MM of the report
                    department_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    status TEXT NOT NULL,              -- sent / failed
                    attempts INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    last_at REAL NOT NULL,
                    error TEXT,
                    PRIMARY KEY (period, department_id, user_id)
                );
                """)
        }
        migrator.registerMigration("v4-period-aggregates") { db in
            try db.execute(sql: """
                -- Analysed periods a finding has been present in, in a row, up to this snapshot (for a
                -- resolved row: up to the snapshot before).
                ALTER TABLE finding_state ADD COLUMN periods INTEGER NOT NULL DEFAULT 1;

                -- What a report's trend and remediation figures need from each analysed period,
                -- saved with the analysis so a report reads one small set of rows per period.
                CREATE TABLE trend_count (
                    snapshot_id INTEGER NOT NULL REFERENCES analysis(snapshot_id) ON DELETE CASCADE,
                    rule TEXT NOT NULL,
                    open_count INTEGER NOT NULL,       -- present and not waived
                    PRIMARY KEY (snapshot_id, rule)
                ) WITHOUT ROWID;
                CREATE TABLE remediation_count (
                    snapshot_id INTEGER NOT NULL REFERENCES analysis(snapshot_id) ON DELETE CASCADE,
                    department_id TEXT NOT NULL,       -- '' for findings without a department
                    resolved INTEGER NOT NULL,
                    resolved_within_one_period INTEGER NOT NULL,
                    PRIMARY KEY (snapshot_id, department_id)
                ) WITHOUT ROWID;
                CREATE TABLE reopened_group (
                    snapshot_id INTEGER NOT NULL REFERENCES analysis(snapshot_id) ON DELETE CASCADE,
                    department_id TEXT NOT NULL,
                    group_id TEXT NOT NULL,
                    PRIMARY KEY (snapshot_id, department_id, group_id)
                ) WITHOUT ROWID;
                """)
            // Existing analyses, oldest first, each building on the one before: their periods, then
            // their aggregates. A frozen copy of what saving an analysis did when v4 shipped;
            // later changes to saving must not reach back into this migration.
            let analysed = try Int64.fetchAll(
                db, sql: "SELECT s.id FROM snapshot s JOIN analysis a ON a.snapshot_id = s.id ORDER BY s.taken_at, s.id"
            )
            let before = """
                (SELECT p.periods FROM finding_state p
                 WHERE p.snapshot_id = ?2 AND p.finding_id = finding_state.finding_id AND p.status != 'resolved')
                """
            for (index, id) in analysed.enumerated() {
                let arguments: StatementArguments = [id, index > 0 ? analysed[index - 1] : nil]
                try db.execute(
                    sql: "UPDATE finding_state SET periods = 1 + COALESCE(\(before), 0) WHERE snapshot_id = ?1 AND status != 'resolved'",
                    arguments: arguments
                )
                try db.execute(
                    sql: "UPDATE finding_state SET periods = COALESCE(\(before), 0) WHERE snapshot_id = ?1 AND status = 'resolved'",
                    arguments: arguments
                )
                try db.execute(
                    sql: """
                        INSERT INTO trend_count
                            SELECT ?1, f.rule, COUNT(*) FROM finding_state st JOIN finding f ON f.id = st.finding_id
                            WHERE st.snapshot_id = ?1 AND st.status IN ('new', 'open', 'reopened') GROUP BY f.rule
                        """,
                    arguments: [id]
                )
                try db.execute(
                    sql: """
                        INSERT INTO remediation_count
                            SELECT ?1, COALESCE(d.value, ''), COUNT(*), SUM(st.periods = 1)
                            FROM finding_state st LEFT JOIN json_each(st.departments) d
                            WHERE st.snapshot_id = ?1 AND st.status = 'resolved' GROUP BY 2
                        """,
                    arguments: [id]
                )
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO reopened_group
                            SELECT ?1, COALESCE(d.value, ''), f.group_id
                            FROM finding_state st JOIN finding f ON f.id = st.finding_id LEFT JOIN json_each(st.departments) d
                            WHERE st.snapshot_id = ?1 AND st.status = 'reopened'
                        """,
                    arguments: [id]
                )
            }
        }
        migrator.registerMigration("v5-group-unchanged-since") { db in
            // For staleness condition 3 (SPEC 3.3): the oldest stored snapshot from which the
            // group's fingerprint has been the same in every stored snapshot up to this one.
            // Kept when the snapshot is stored, so an analysis reads one row per group however
            // long the history.
            try db.execute(sql: "ALTER TABLE group_state ADD COLUMN unchanged_since INTEGER")
            try backfillUnchangedSince(db)
        }
        migrator.registerMigration("v6-membership-flags") { db in
            // What SPEC revision 2 reads from the directory (2.2, 2.3). NULL in the rows of
            // snapshots stored before: the flag was not recorded, and reads as absent (not
            // awaiting, not on leave, team feature on), as the directory itself would have it.
            try db.execute(sql: """
                ALTER TABLE user ADD COLUMN is_awaiting INTEGER;
                ALTER TABLE user ADD COLUMN is_on_leave INTEGER;
                ALTER TABLE user_org ADD COLUMN use_team_feature INTEGER;
                """)
        }
        migrator.registerMigration("v7-hr-roster") { db in
            // SPEC 3.5: the keys the HR roster matches on, the roster itself (stored with its
            // snapshot, pruned with its directory rows), transfers dated by it, and the account
            // an account finding is about. NULL where a snapshot or state was stored before.
            try db.execute(sql: """
                ALTER TABLE user ADD COLUMN employee_number TEXT;
                ALTER TABLE user ADD COLUMN external_key TEXT;
                ALTER TABLE org_unit ADD COLUMN external_key TEXT;
                ALTER TABLE snapshot ADD COLUMN roster_rows INTEGER;   -- NULL: the snapshot had no roster

                CREATE TABLE hr_row (
                    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
                    employee_number TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('active', 'leave', 'retired')),
                    org_unit_code TEXT,
                    effective_date TEXT,               -- YYYY-MM-DD
                    name TEXT,
                    match_value TEXT,                  -- the hr.match_by column when it is not employeeNumber
                    PRIMARY KEY (snapshot_id, employee_number)
                ) WITHOUT ROWID;

                ALTER TABLE finding_state ADD COLUMN account_name TEXT;
                ALTER TABLE finding_state ADD COLUMN employee_number TEXT;
                ALTER TABLE finding_state ADD COLUMN account_department TEXT;

                -- dated_by gains 'hr' (a CHECK constraint cannot be altered in SQLite: the table
                -- is made again with the same rows).
                CREATE TABLE transfer_v7 (
                    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL,
                    from_org_unit_id TEXT NOT NULL,
                    to_org_unit_id TEXT NOT NULL,
                    from_department_id TEXT NOT NULL,
                    to_department_id TEXT NOT NULL,
                    from_department_name TEXT NOT NULL,
                    to_department_name TEXT NOT NULL,
                    effective_at REAL NOT NULL,
                    dated_by TEXT NOT NULL CHECK (dated_by IN ('csv', 'snapshot', 'hr')),
                    PRIMARY KEY (snapshot_id, user_id)
                ) WITHOUT ROWID;
                INSERT INTO transfer_v7 SELECT * FROM transfer;
                DROP TABLE transfer;
                ALTER TABLE transfer_v7 RENAME TO transfer;
                CREATE INDEX transfer_by_user ON transfer(user_id);
                """)
        }
        migrator.registerMigration("v8-remediation") { db in
            // SPEC 3.6: when each state's finding last became open, its due date and whether it
            // is overdue (decided by the analysis), the plan whose date it is; the plans; the
            // overdue count per analysis for the trend; and notifications of two kinds (the
            // department's managers, and escalation to the 部長), made again with the kind in
            // the key. NULL in rows stored before: no deadline was decided then.
            try db.execute(sql: """
                ALTER TABLE finding_state ADD COLUMN opened_at REAL;
                ALTER TABLE finding_state ADD COLUMN due TEXT;            -- YYYY-MM-DD
                ALTER TABLE finding_state ADD COLUMN overdue INTEGER;
                ALTER TABLE finding_state ADD COLUMN plan_id INTEGER;
                ALTER TABLE analysis ADD COLUMN overdue_count INTEGER;

                CREATE TABLE plan (
                    id INTEGER PRIMARY KEY,
                    rule TEXT NOT NULL,
                    group_id TEXT NOT NULL,                               -- '' for an account finding
                    subject TEXT NOT NULL,
                    due TEXT NOT NULL,                                    -- YYYY-MM-DD, the promised date
                    note TEXT NOT NULL,
                    by TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    ended_at REAL,
                    ending TEXT CHECK (ending IN ('unplanned', 'resolved', 'replaced'))
                );
                CREATE INDEX plan_by_key ON plan(rule, group_id, subject);

                CREATE TABLE notification_v8 (
                    period TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('department', 'escalation')),
                    department_id TEXT NOT NULL,                         -- the 部 for an escalation
                    user_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    last_at REAL NOT NULL,
                    error TEXT,
                    PRIMARY KEY (period, kind, department_id, user_id)
                );
                INSERT INTO notification_v8
                    SELECT period, 'department', department_id, user_id, status, attempts, text, last_at, error FROM notification;
                DROP TABLE notification;
                ALTER TABLE notification_v8 RENAME TO notification;
                """)
        }
        return migrator
    }

    /// Migration v5's back-fill: walks the stored snapshots in time order. Only the migration
    /// calls it (and a test that checks it against what storing computes); storing keeps the
    /// column itself, so this must not change with later code.
    static func backfillUnchangedSince(_ db: Database) throws {
        let snapshots = try Int64.fetchAll(db, sql: "SELECT id FROM snapshot ORDER BY taken_at, id")
        for (index, id) in snapshots.enumerated() {
            try db.execute(
                sql: """
                    UPDATE group_state SET unchanged_since = COALESCE(
                        (SELECT p.unchanged_since FROM group_state p
                         WHERE p.snapshot_id = ?2 AND p.group_id = group_state.group_id AND p.direct_hash = group_state.direct_hash),
                        snapshot_id)
                    WHERE snapshot_id = ?1
                    """,
                arguments: [id, index > 0 ? snapshots[index - 1] : nil]
            )
        }
    }
}
