-- A sqlite database at revision 0019_due_work made by main (51a0659) before the Matrix tables moved into
-- bot/adapters/matrix/storage, with a row in each Matrix table and in slack_outbox (tests/test_schema_parts.py).
BEGIN TRANSACTION;
CREATE TABLE activities (
	id VARCHAR(8) NOT NULL, 
	objective_id VARCHAR(8) NOT NULL, 
	number INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	status VARCHAR(20), 
	lead VARCHAR(200), 
	due DATE, 
	updated_by VARCHAR(200), 
	updated_at DATETIME, 
	CONSTRAINT pk_activities PRIMARY KEY (id), 
	CONSTRAINT fk_activities_objective_id_objectives FOREIGN KEY(objective_id) REFERENCES objectives (id)
);
CREATE TABLE activity_notes (
	id INTEGER NOT NULL, 
	activity_id VARCHAR(8) NOT NULL, 
	author VARCHAR(200) NOT NULL, 
	text TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_activity_notes PRIMARY KEY (id), 
	CONSTRAINT fk_activity_notes_activity_id_activities FOREIGN KEY(activity_id) REFERENCES activities (id)
);
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0019_due_work');
CREATE TABLE bot_secrets (
	name VARCHAR(60) NOT NULL, 
	value VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_bot_secrets PRIMARY KEY (name)
);
CREATE TABLE chairs (
	year VARCHAR(12) NOT NULL, 
	chair VARCHAR(120), 
	source TEXT, 
	CONSTRAINT pk_chairs PRIMARY KEY (year)
);
CREATE TABLE "checkin_participants" (
	id INTEGER NOT NULL, 
	round_id INTEGER NOT NULL, 
	user_key VARCHAR(255) NOT NULL, 
	member VARCHAR(80), 
	timezone VARCHAR(64) NOT NULL, 
	due_at DATETIME NOT NULL, 
	sent VARCHAR(10) NOT NULL, 
	sent_at DATETIME, 
	attempts INTEGER NOT NULL, 
	reminded INTEGER NOT NULL, 
	answers JSON, 
	answered_at DATETIME, 
	CONSTRAINT pk_checkin_participants PRIMARY KEY (id), 
	CONSTRAINT fk_checkin_participants_round_id_checkin_rounds FOREIGN KEY(round_id) REFERENCES checkin_rounds (id) ON DELETE CASCADE, 
	CONSTRAINT uq_checkin_participants_round_id_user_key_member UNIQUE (round_id, user_key, member)
);
CREATE TABLE checkin_rounds (
	id INTEGER NOT NULL, 
	checkin_id INTEGER NOT NULL, 
	number INTEGER NOT NULL, 
	round_date DATE NOT NULL, 
	opened_at DATETIME NOT NULL, 
	opened_by VARCHAR(255), 
	deadline_at DATETIME NOT NULL, 
	closed_at DATETIME, 
	close_reason VARCHAR(20), 
	digest VARCHAR(10) NOT NULL, 
	digest_due_at DATETIME, 
	digest_attempts INTEGER NOT NULL, 
	CONSTRAINT pk_checkin_rounds PRIMARY KEY (id), 
	CONSTRAINT fk_checkin_rounds_checkin_id_checkins FOREIGN KEY(checkin_id) REFERENCES checkins (id) ON DELETE CASCADE, 
	CONSTRAINT uq_checkin_rounds_checkin_id_round_date UNIQUE (checkin_id, round_date)
);
CREATE TABLE checkins (
	id INTEGER NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	template VARCHAR(60), 
	definition JSON NOT NULL, 
	audience_kind VARCHAR(10) NOT NULL, 
	audience JSON NOT NULL, 
	rule VARCHAR(500) NOT NULL, 
	first_date DATE NOT NULL, 
	wall_time VARCHAR(5) NOT NULL, 
	deadline_days INTEGER NOT NULL, 
	reminder_minutes JSON NOT NULL, 
	digest_place VARCHAR(255), 
	before_series INTEGER, 
	status VARCHAR(10) NOT NULL, 
	next_round_on DATE, 
	next_round_at DATETIME, 
	created_by VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_checkins PRIMARY KEY (id)
);
CREATE TABLE context_sections (
	"key" VARCHAR(60) NOT NULL, 
	title TEXT NOT NULL, 
	text TEXT NOT NULL, 
	CONSTRAINT pk_context_sections PRIMARY KEY ("key")
);
CREATE TABLE due_work (
	id INTEGER NOT NULL, 
	kind VARCHAR(40) NOT NULL, 
	"key" VARCHAR(255) NOT NULL, 
	recipient VARCHAR(255) NOT NULL, 
	due_at DATETIME NOT NULL, 
	state VARCHAR(10) NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error TEXT, 
	claim_owner VARCHAR(64), 
	claim_expires DATETIME, 
	payload JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	done_at DATETIME, 
	CONSTRAINT pk_due_work PRIMARY KEY (id), 
	CONSTRAINT uq_due_work_kind_key UNIQUE (kind, "key")
);
CREATE TABLE focal_points (
	member VARCHAR(80) NOT NULL, 
	user_key VARCHAR(255) NOT NULL, 
	added_by VARCHAR(255) NOT NULL, 
	added_at DATETIME NOT NULL, 
	CONSTRAINT pk_focal_points PRIMARY KEY (member, user_key), 
	CONSTRAINT fk_focal_points_member_members FOREIGN KEY(member) REFERENCES members (name)
);
CREATE TABLE goals (
	number INTEGER NOT NULL, 
	title TEXT NOT NULL, 
	statement TEXT, 
	CONSTRAINT pk_goals PRIMARY KEY (number)
);
CREATE TABLE matrix_cross_signing (
	account VARCHAR(255) NOT NULL, 
	master_key VARCHAR(64) NOT NULL, 
	self_signing_key VARCHAR(64) NOT NULL, 
	user_signing_key VARCHAR(64) NOT NULL, 
	uploaded_at DATETIME NOT NULL, 
	CONSTRAINT pk_matrix_cross_signing PRIMARY KEY (account)
);
CREATE TABLE matrix_direct_rooms (
	account VARCHAR(255) NOT NULL, 
	user_id VARCHAR(255) NOT NULL, 
	room_id VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, origin VARCHAR(16), 
	CONSTRAINT pk_matrix_direct_rooms PRIMARY KEY (account, user_id)
);
INSERT INTO "matrix_direct_rooms" VALUES('@focbot:example.org','@alice:example.org','!dm-alice:example.org','2026-12-01 09:00:00','created');
CREATE TABLE matrix_message_actions (
	event_id VARCHAR(255) NOT NULL, 
	account VARCHAR(255) NOT NULL, 
	room_id VARCHAR(255) NOT NULL, 
	actions TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_matrix_message_actions PRIMARY KEY (event_id)
);
INSERT INTO "matrix_message_actions" VALUES('$msg1','@focbot:example.org','!room:example.org','{"stop": "reminder stop 1"}','2026-12-01 09:00:00');
CREATE TABLE matrix_polls (
	event_id VARCHAR(255) NOT NULL, 
	account VARCHAR(255) NOT NULL, 
	room_id VARCHAR(255) NOT NULL, 
	question TEXT NOT NULL, 
	answers TEXT NOT NULL, 
	command TEXT NOT NULL, 
	max_selections INTEGER NOT NULL, 
	created_by VARCHAR(255), 
	created_at DATETIME NOT NULL, 
	ended_at DATETIME, 
	end_event_id VARCHAR(255), message_event_id VARCHAR(255), 
	CONSTRAINT pk_matrix_polls PRIMARY KEY (event_id)
);
INSERT INTO "matrix_polls" VALUES('$poll1','@focbot:example.org','!room:example.org','Coming?','[["a1", "Yes", "yes"]]','rsvp 3 {value}',1,NULL,'2026-12-01 09:00:00',NULL,NULL,'$msg1');
CREATE TABLE matrix_signed_devices (
	account VARCHAR(255) NOT NULL, 
	device_id VARCHAR(255) NOT NULL, 
	self_signing_key VARCHAR(64) NOT NULL, 
	signed_at DATETIME NOT NULL, 
	CONSTRAINT pk_matrix_signed_devices PRIMARY KEY (account, device_id)
);
CREATE TABLE matrix_survey_dialogues (
	account VARCHAR(255) NOT NULL, 
	user_id VARCHAR(255) NOT NULL, 
	survey_id INTEGER NOT NULL, 
	question INTEGER NOT NULL, 
	visited TEXT NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_matrix_survey_dialogues PRIMARY KEY (account, user_id)
);
CREATE TABLE matrix_sync_state (
	account VARCHAR(255) NOT NULL, 
	next_batch TEXT NOT NULL, 
	saved_at DATETIME NOT NULL, 
	CONSTRAINT pk_matrix_sync_state PRIMARY KEY (account)
);
INSERT INTO "matrix_sync_state" VALUES('@focbot:example.org','s72594_4483_1934','2026-12-01 09:00:00');
CREATE TABLE meeting_deliveries (
	id INTEGER NOT NULL, 
	series_id INTEGER NOT NULL, 
	occurrence_start DATETIME NOT NULL, 
	kind VARCHAR(10) NOT NULL, 
	offset_minutes INTEGER NOT NULL, 
	place VARCHAR(255) NOT NULL, 
	status VARCHAR(10) NOT NULL, 
	attempts INTEGER NOT NULL, 
	due_at DATETIME NOT NULL, 
	claimed_at DATETIME NOT NULL, 
	sent_at DATETIME, 
	retry_at DATETIME, 
	error VARCHAR(500), 
	CONSTRAINT pk_meeting_deliveries PRIMARY KEY (id), 
	CONSTRAINT fk_meeting_deliveries_series_id_meeting_series FOREIGN KEY(series_id) REFERENCES meeting_series (id) ON DELETE CASCADE, 
	CONSTRAINT uq_meeting_deliveries_key UNIQUE (series_id, occurrence_start, kind, offset_minutes, place)
);
CREATE TABLE meeting_overrides (
	series_id INTEGER NOT NULL, 
	original_start DATETIME NOT NULL, 
	action VARCHAR(10) NOT NULL, 
	moved_to DATETIME, 
	"by" VARCHAR(255) NOT NULL, 
	at DATETIME NOT NULL, 
	CONSTRAINT pk_meeting_overrides PRIMARY KEY (series_id, original_start), 
	CONSTRAINT fk_meeting_overrides_series_id_meeting_series FOREIGN KEY(series_id) REFERENCES meeting_series (id) ON DELETE CASCADE
);
CREATE TABLE meeting_participants (
	series_id INTEGER NOT NULL, 
	ref VARCHAR(255) NOT NULL, 
	kind VARCHAR(10) NOT NULL, 
	position INTEGER NOT NULL, 
	CONSTRAINT pk_meeting_participants PRIMARY KEY (series_id, ref), 
	CONSTRAINT fk_meeting_participants_series_id_meeting_series FOREIGN KEY(series_id) REFERENCES meeting_series (id) ON DELETE CASCADE
);
CREATE TABLE meeting_places (
	series_id INTEGER NOT NULL, 
	place VARCHAR(255) NOT NULL, 
	position INTEGER NOT NULL, 
	CONSTRAINT pk_meeting_places PRIMARY KEY (series_id, place), 
	CONSTRAINT fk_meeting_places_series_id_meeting_series FOREIGN KEY(series_id) REFERENCES meeting_series (id) ON DELETE CASCADE
);
CREATE TABLE meeting_rsvps (
	series_id INTEGER NOT NULL, 
	original_start DATETIME NOT NULL, 
	user_key VARCHAR(255) NOT NULL, 
	answer VARCHAR(5) NOT NULL, 
	member VARCHAR(80), 
	call_start DATETIME NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_meeting_rsvps PRIMARY KEY (series_id, original_start, user_key), 
	CONSTRAINT fk_meeting_rsvps_series_id_meeting_series FOREIGN KEY(series_id) REFERENCES meeting_series (id) ON DELETE CASCADE
);
CREATE TABLE meeting_series (
	id INTEGER NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	activity_id VARCHAR(8), 
	rrule VARCHAR(500) NOT NULL, 
	first_date DATE NOT NULL, 
	start_time VARCHAR(5) NOT NULL, 
	duration_minutes INTEGER NOT NULL, 
	timezone VARCHAR(64) NOT NULL, 
	rotation VARCHAR(100), 
	agenda TEXT, 
	reminder_offsets VARCHAR(200) NOT NULL, 
	created_by VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	cancelled_at DATETIME, 
	cancelled_by VARCHAR(255), location VARCHAR(500), link VARCHAR(1000), effective_from DATETIME, ical_uid VARCHAR(255), ical_sequence INTEGER DEFAULT '0' NOT NULL, 
	CONSTRAINT pk_meeting_series PRIMARY KEY (id), 
	CONSTRAINT fk_meeting_series_activity_id_activities FOREIGN KEY(activity_id) REFERENCES activities (id)
);
CREATE TABLE members (
	name VARCHAR(80) NOT NULL, 
	kind VARCHAR(10) NOT NULL, 
	joined VARCHAR(20), 
	"left" VARCHAR(20), 
	timezone VARCHAR(64) NOT NULL, 
	note TEXT, 
	source TEXT, 
	CONSTRAINT pk_members PRIMARY KEY (name)
);
CREATE TABLE network_members (
	network_key VARCHAR(40) NOT NULL, 
	user_key VARCHAR(255) NOT NULL, 
	added_by VARCHAR(255) NOT NULL, 
	added_at DATETIME NOT NULL, 
	CONSTRAINT pk_network_members PRIMARY KEY (network_key, user_key), 
	CONSTRAINT fk_network_members_network_key_networks FOREIGN KEY(network_key) REFERENCES networks ("key") ON DELETE CASCADE
);
CREATE TABLE networks (
	"key" VARCHAR(40) NOT NULL, 
	city VARCHAR(80) NOT NULL, 
	description TEXT, 
	source TEXT, 
	poc VARCHAR(200), 
	poc_updated_by VARCHAR(200), 
	poc_updated_at DATETIME, 
	CONSTRAINT pk_networks PRIMARY KEY ("key")
);
CREATE TABLE objectives (
	id VARCHAR(8) NOT NULL, 
	goal_number INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	CONSTRAINT pk_objectives PRIMARY KEY (id), 
	CONSTRAINT fk_objectives_goal_number_goals FOREIGN KEY(goal_number) REFERENCES goals (number)
);
CREATE TABLE pending_confirmations (
	id INTEGER NOT NULL, 
	actor_key VARCHAR(255) NOT NULL, 
	place_key VARCHAR(255) NOT NULL, 
	action VARCHAR(32) NOT NULL, 
	request TEXT NOT NULL, 
	summary TEXT NOT NULL, 
	state VARCHAR(16) NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	decided_at DATETIME, 
	result_id INTEGER, 
	CONSTRAINT pk_pending_confirmations PRIMARY KEY (id)
);
CREATE TABLE personal_reminder_deliveries (
	id INTEGER NOT NULL, 
	reminder_id INTEGER NOT NULL, 
	due_at DATETIME NOT NULL, 
	status VARCHAR(10) NOT NULL, 
	attempts INTEGER NOT NULL, 
	claimed_at DATETIME NOT NULL, 
	CONSTRAINT pk_personal_reminder_deliveries PRIMARY KEY (id), 
	CONSTRAINT fk_personal_reminder_deliveries_reminder_id_personal_reminders FOREIGN KEY(reminder_id) REFERENCES personal_reminders (id) ON DELETE CASCADE, 
	CONSTRAINT uq_personal_reminder_deliveries_reminder_id_due_at UNIQUE (reminder_id, due_at)
);
CREATE TABLE personal_reminders (
	id INTEGER NOT NULL, 
	created_by VARCHAR(255) NOT NULL, 
	creator_name VARCHAR(255) NOT NULL, 
	target VARCHAR(255) NOT NULL, 
	to_place BOOLEAN NOT NULL, 
	text TEXT NOT NULL, 
	timezone VARCHAR(64) NOT NULL, 
	weekday INTEGER, 
	wall_time VARCHAR(5), 
	next_at DATETIME, 
	created_at DATETIME NOT NULL, 
	cancelled_at DATETIME, 
	CONSTRAINT pk_personal_reminders PRIMARY KEY (id)
);
CREATE TABLE processed_events (
	platform VARCHAR(20) NOT NULL, 
	event_id VARCHAR(255) NOT NULL, 
	received_at DATETIME NOT NULL, 
	CONSTRAINT pk_processed_events PRIMARY KEY (platform, event_id)
);
CREATE TABLE slack_outbox (
	id INTEGER NOT NULL, 
	channel VARCHAR(64), 
	user_id VARCHAR(64) NOT NULL, 
	thread_ts VARCHAR(32), 
	payload TEXT NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error VARCHAR(200), 
	created_at DATETIME NOT NULL, 
	next_attempt_at DATETIME NOT NULL, 
	CONSTRAINT pk_slack_outbox PRIMARY KEY (id)
);
INSERT INTO "slack_outbox" VALUES(1,NULL,'U1',NULL,'[]',0,NULL,'2026-12-01 09:00:00','2026-12-01 09:00:00');
CREATE TABLE statements (
	"key" VARCHAR(120) NOT NULL, 
	year VARCHAR(12) NOT NULL, 
	title TEXT NOT NULL, 
	source TEXT, 
	CONSTRAINT pk_statements PRIMARY KEY ("key")
);
CREATE TABLE structure (
	"key" VARCHAR(60) NOT NULL, 
	text TEXT NOT NULL, 
	source TEXT, 
	CONSTRAINT pk_structure PRIMARY KEY ("key")
);
CREATE TABLE survey_audience (
	survey_id INTEGER NOT NULL, 
	user_key VARCHAR(255) NOT NULL, 
	invitation VARCHAR(10) NOT NULL, 
	CONSTRAINT pk_survey_audience PRIMARY KEY (survey_id, user_key), 
	CONSTRAINT fk_survey_audience_survey_id_surveys FOREIGN KEY(survey_id) REFERENCES surveys (id) ON DELETE CASCADE
);
CREATE TABLE survey_dialogues (
	user_key VARCHAR(255) NOT NULL, 
	survey_id INTEGER NOT NULL, 
	question INTEGER NOT NULL, 
	visited TEXT NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_survey_dialogues PRIMARY KEY (user_key)
);
CREATE TABLE survey_reminders (
	survey_id INTEGER NOT NULL, 
	offset_minutes INTEGER NOT NULL, 
	recipient VARCHAR(255) NOT NULL, 
	claimed_at DATETIME NOT NULL, 
	outcome VARCHAR(10) NOT NULL, 
	CONSTRAINT pk_survey_reminders PRIMARY KEY (survey_id, offset_minutes, recipient), 
	CONSTRAINT fk_survey_reminders_survey_id_surveys FOREIGN KEY(survey_id) REFERENCES surveys (id) ON DELETE CASCADE
);
CREATE TABLE survey_responses (
	id VARCHAR(32) NOT NULL, 
	survey_id INTEGER NOT NULL, 
	respondent_key VARCHAR(255) NOT NULL, 
	answers JSON NOT NULL, 
	complete BOOLEAN NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_survey_responses PRIMARY KEY (id), 
	CONSTRAINT fk_survey_responses_survey_id_surveys FOREIGN KEY(survey_id) REFERENCES surveys (id) ON DELETE CASCADE, 
	CONSTRAINT uq_survey_responses_survey_id_respondent_key UNIQUE (survey_id, respondent_key)
);
CREATE TABLE surveys (
	id INTEGER NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	template VARCHAR(60), 
	activity VARCHAR(8), 
	definition JSON NOT NULL, 
	status VARCHAR(10) NOT NULL, 
	anonymous BOOLEAN NOT NULL, 
	audience_label VARCHAR(500), 
	audience_size INTEGER NOT NULL, 
	deadline DATETIME, 
	reminder_minutes JSON NOT NULL, 
	created_by VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	opened_by VARCHAR(255), 
	opened_at DATETIME, 
	closed_at DATETIME, 
	close_reason VARCHAR(20), 
	responses_at_close INTEGER, timezone VARCHAR(64), 
	CONSTRAINT pk_surveys PRIMARY KEY (id)
);
CREATE TABLE task_forces (
	"key" VARCHAR(20) NOT NULL, 
	name TEXT NOT NULL, 
	period TEXT, 
	launched TEXT, 
	chairs TEXT, 
	focus TEXT, 
	output TEXT, 
	source TEXT, 
	CONSTRAINT pk_task_forces PRIMARY KEY ("key")
);
CREATE TABLE topics (
	"key" VARCHAR(60) NOT NULL, 
	title TEXT NOT NULL, 
	summary TEXT, 
	text TEXT NOT NULL, 
	CONSTRAINT pk_topics PRIMARY KEY ("key")
);
CREATE TABLE troika (
	year INTEGER NOT NULL, 
	past VARCHAR(120), 
	current VARCHAR(120), 
	next VARCHAR(120), 
	updated_by VARCHAR(200) NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_troika PRIMARY KEY (year)
);
CREATE TABLE users (
	"key" VARCHAR(255) NOT NULL, 
	display_name VARCHAR(200), 
	timezone VARCHAR(64), 
	member VARCHAR(80), 
	is_admin BOOLEAN NOT NULL, 
	admin_added_by VARCHAR(255), 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, timezone_source VARCHAR(16), 
	CONSTRAINT pk_users PRIMARY KEY ("key"), 
	CONSTRAINT fk_users_member_members FOREIGN KEY(member) REFERENCES members (name)
);
CREATE TABLE web_tokens (
	id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	user_key VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME, 
	used_at DATETIME, 
	revoked_at DATETIME, 
	CONSTRAINT pk_web_tokens PRIMARY KEY (id), 
	CONSTRAINT uq_web_tokens_token_hash UNIQUE (token_hash)
);
CREATE INDEX ix_processed_events_received_at ON processed_events (received_at);
CREATE INDEX ix_statements_year ON statements (year);
CREATE INDEX ix_activities_objective_id ON activities (objective_id);
CREATE INDEX ix_activity_notes_activity_id ON activity_notes (activity_id);
CREATE INDEX ix_meeting_series_activity_id ON meeting_series (activity_id);
CREATE INDEX ix_meeting_deliveries_retry_at ON meeting_deliveries (retry_at);
CREATE INDEX ix_meeting_deliveries_status ON meeting_deliveries (status);
CREATE INDEX ix_surveys_activity ON surveys (activity);
CREATE INDEX ix_surveys_status ON surveys (status);
CREATE INDEX ix_survey_audience_user_key ON survey_audience (user_key);
CREATE INDEX ix_slack_outbox_next_attempt_at ON slack_outbox (next_attempt_at);
CREATE INDEX ix_matrix_direct_rooms_room_id ON matrix_direct_rooms (room_id);
CREATE INDEX ix_matrix_polls_account ON matrix_polls (account);
CREATE INDEX ix_matrix_polls_room_id ON matrix_polls (room_id);
CREATE INDEX ix_focal_points_user_key ON focal_points (user_key);
CREATE INDEX ix_meeting_rsvps_user_key ON meeting_rsvps (user_key);
CREATE INDEX ix_meeting_rsvps_updated_at ON meeting_rsvps (updated_at);
CREATE INDEX ix_personal_reminders_created_by ON personal_reminders (created_by);
CREATE INDEX ix_personal_reminders_target ON personal_reminders (target);
CREATE INDEX ix_personal_reminders_next_at ON personal_reminders (next_at);
CREATE INDEX ix_checkins_status ON checkins (status);
CREATE INDEX ix_checkins_next_round_at ON checkins (next_round_at);
CREATE INDEX ix_checkin_rounds_checkin_id ON checkin_rounds (checkin_id);
CREATE INDEX ix_checkin_rounds_deadline_at ON checkin_rounds (deadline_at);
CREATE INDEX ix_pending_confirmations_actor_place ON pending_confirmations (actor_key, place_key, state);
CREATE INDEX ix_matrix_polls_message_event_id ON matrix_polls (message_event_id);
CREATE INDEX ix_web_tokens_user_kind ON web_tokens (user_key, kind);
CREATE INDEX ix_checkin_participants_answered_at ON checkin_participants (answered_at);
CREATE INDEX ix_checkin_participants_due_at ON checkin_participants (due_at);
CREATE INDEX ix_checkin_participants_user_key ON checkin_participants (user_key);
CREATE INDEX ix_checkin_participants_round_id ON checkin_participants (round_id);
CREATE INDEX ix_matrix_message_actions_account ON matrix_message_actions (account);
CREATE INDEX ix_due_work_state_due_at ON due_work (state, due_at);
COMMIT;
