CREATE TABLE audit_anchor (
	id INTEGER NOT NULL, 
	pruned_through INTEGER NOT NULL, 
	last_hash VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE audit_log (
	seq INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR NOT NULL, 
	action VARCHAR NOT NULL, 
	details JSON NOT NULL, 
	prev_hash VARCHAR NOT NULL, 
	hash VARCHAR NOT NULL, 
	PRIMARY KEY (seq)
);

CREATE INDEX ix_audit_log_action ON audit_log (action);

CREATE TABLE dashboard_login_throttle (
	username VARCHAR NOT NULL, 
	failures INTEGER NOT NULL, 
	last_failure DATETIME, 
	blocked_until DATETIME, 
	PRIMARY KEY (username)
);

CREATE TABLE dashboard_user (
	username VARCHAR NOT NULL, 
	role VARCHAR NOT NULL, 
	dept VARCHAR, 
	password_hash VARCHAR NOT NULL, 
	must_change BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	password_changed_at DATETIME, 
	PRIMARY KEY (username)
);

CREATE TABLE notice (
	id INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	year INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	number VARCHAR NOT NULL, 
	parent_id INTEGER, 
	department VARCHAR NOT NULL, 
	department_name VARCHAR NOT NULL, 
	period INTEGER NOT NULL, 
	run_id VARCHAR NOT NULL, 
	issued_on DATE NOT NULL, 
	due_on DATE, 
	working_days INTEGER, 
	state VARCHAR NOT NULL, 
	findings JSON NOT NULL, 
	files JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_notice_number UNIQUE (year, seq)
);

CREATE INDEX ix_notice_department ON notice (department);

CREATE INDEX ix_notice_kind ON notice (kind);

CREATE INDEX ix_notice_number ON notice (number);

CREATE INDEX ix_notice_period ON notice (period);

CREATE INDEX ix_notice_state ON notice (state);

CREATE TABLE run (
	id VARCHAR NOT NULL, 
	started_at DATETIME NOT NULL, 
	finished_at DATETIME NOT NULL, 
	period INTEGER NOT NULL, 
	opa_version VARCHAR NOT NULL, 
	bundle_hash VARCHAR NOT NULL, 
	snapshots JSON NOT NULL, 
	findings_count INTEGER NOT NULL, 
	status VARCHAR NOT NULL, 
	errors JSON NOT NULL, 
	report BLOB NOT NULL, 
	out_of_scope JSON NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_run_period ON run (period);

CREATE TABLE snapshot (
	id INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	dept VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	period INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	as_of DATE NOT NULL, 
	sha256 VARCHAR NOT NULL, 
	source VARCHAR NOT NULL, 
	imported_at DATETIME NOT NULL, 
	content BLOB NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_snapshot_version UNIQUE (kind, dept, period, version)
);

CREATE INDEX ix_snapshot_dept ON snapshot (dept);

CREATE INDEX ix_snapshot_kind ON snapshot (kind);

CREATE INDEX ix_snapshot_period ON snapshot (period);

CREATE INDEX ix_snapshot_sha256 ON snapshot (sha256);

CREATE TABLE waiver (
	id INTEGER NOT NULL, 
	rule_id VARCHAR NOT NULL, 
	department VARCHAR NOT NULL, 
	period INTEGER NOT NULL, 
	subject VARCHAR NOT NULL, 
	ground VARCHAR NOT NULL, 
	grantor VARCHAR NOT NULL, 
	granted_on DATE NOT NULL, 
	evidence VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	revoked_at DATETIME, 
	revoked_by VARCHAR, 
	revoke_reason VARCHAR, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_waiver_department ON waiver (department);

CREATE INDEX ix_waiver_period ON waiver (period);

CREATE INDEX ix_waiver_rule_id ON waiver (rule_id);

CREATE TABLE assessment (
	id INTEGER NOT NULL, 
	run_id VARCHAR NOT NULL, 
	period INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	indicator_version VARCHAR NOT NULL, 
	indicator_hash VARCHAR NOT NULL, 
	bundle_hash VARCHAR NOT NULL, 
	result BLOB NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(run_id) REFERENCES run (id)
);

CREATE INDEX ix_assessment_period ON assessment (period);

CREATE INDEX ix_assessment_run_id ON assessment (run_id);

CREATE TABLE finding (
	id INTEGER NOT NULL, 
	run_id VARCHAR NOT NULL, 
	rule_id VARCHAR NOT NULL, 
	dept VARCHAR NOT NULL, 
	period INTEGER NOT NULL, 
	subject VARCHAR NOT NULL, 
	severity VARCHAR NOT NULL, 
	dimension VARCHAR NOT NULL, 
	data JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(run_id) REFERENCES run (id)
);

CREATE INDEX ix_finding_dept ON finding (dept);

CREATE INDEX ix_finding_rule_id ON finding (rule_id);

CREATE INDEX ix_finding_run_id ON finding (run_id);

CREATE TABLE notice_event (
	id INTEGER NOT NULL, 
	notice_id INTEGER NOT NULL, 
	from_state VARCHAR, 
	to_state VARCHAR NOT NULL, 
	actor VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	reason VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(notice_id) REFERENCES notice (id)
);

CREATE INDEX ix_notice_event_notice_id ON notice_event (notice_id);
