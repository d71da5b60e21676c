-- A postgresql database at revision 0019_due_work made by main (51a0659) before the Matrix tables moved into
-- bot/adapters/matrix/storage, with a row in each Matrix table and in slack_outbox (tests/test_schema_parts.py).

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

CREATE TABLE public.activities (
    id character varying(8) NOT NULL,
    objective_id character varying(8) NOT NULL,
    number integer NOT NULL,
    text text NOT NULL,
    status character varying(20),
    lead character varying(200),
    due date,
    updated_by character varying(200),
    updated_at timestamp with time zone
);

CREATE TABLE public.activity_notes (
    id integer NOT NULL,
    activity_id character varying(8) NOT NULL,
    author character varying(200) NOT NULL,
    text text NOT NULL,
    created_at timestamp with time zone NOT NULL
);

CREATE SEQUENCE public.activity_notes_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.activity_notes_id_seq OWNED BY public.activity_notes.id;

CREATE TABLE public.alembic_version (
    version_num character varying(32) NOT NULL
);

CREATE TABLE public.bot_secrets (
    name character varying(60) NOT NULL,
    value character varying(255) NOT NULL,
    created_at timestamp with time zone NOT NULL
);

CREATE TABLE public.chairs (
    year character varying(12) NOT NULL,
    chair character varying(120),
    source text
);

CREATE TABLE public.checkin_participants (
    id integer NOT NULL,
    round_id integer NOT NULL,
    user_key character varying(255) NOT NULL,
    member character varying(80),
    timezone character varying(64) NOT NULL,
    due_at timestamp with time zone NOT NULL,
    sent character varying(10) NOT NULL,
    sent_at timestamp with time zone,
    attempts integer NOT NULL,
    reminded integer NOT NULL,
    answers json,
    answered_at timestamp with time zone
);

CREATE SEQUENCE public.checkin_participants_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.checkin_participants_id_seq OWNED BY public.checkin_participants.id;

CREATE TABLE public.checkin_rounds (
    id integer NOT NULL,
    checkin_id integer NOT NULL,
    number integer NOT NULL,
    round_date date NOT NULL,
    opened_at timestamp with time zone NOT NULL,
    opened_by character varying(255),
    deadline_at timestamp with time zone NOT NULL,
    closed_at timestamp with time zone,
    close_reason character varying(20),
    digest character varying(10) NOT NULL,
    digest_due_at timestamp with time zone,
    digest_attempts integer NOT NULL
);

CREATE SEQUENCE public.checkin_rounds_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.checkin_rounds_id_seq OWNED BY public.checkin_rounds.id;

CREATE TABLE public.checkins (
    id integer NOT NULL,
    title character varying(200) NOT NULL,
    template character varying(60),
    definition json NOT NULL,
    audience_kind character varying(10) NOT NULL,
    audience json NOT NULL,
    rule character varying(500) NOT NULL,
    first_date date NOT NULL,
    wall_time character varying(5) NOT NULL,
    deadline_days integer NOT NULL,
    reminder_minutes json NOT NULL,
    digest_place character varying(255),
    before_series integer,
    status character varying(10) NOT NULL,
    next_round_on date,
    next_round_at timestamp with time zone,
    created_by character varying(255) NOT NULL,
    created_at timestamp with time zone NOT NULL
);

CREATE SEQUENCE public.checkins_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.checkins_id_seq OWNED BY public.checkins.id;

CREATE TABLE public.context_sections (
    key character varying(60) NOT NULL,
    title text NOT NULL,
    text text NOT NULL
);

CREATE TABLE public.due_work (
    id integer NOT NULL,
    kind character varying(40) NOT NULL,
    key character varying(255) NOT NULL,
    recipient character varying(255) NOT NULL,
    due_at timestamp with time zone NOT NULL,
    state character varying(10) NOT NULL,
    attempts integer NOT NULL,
    last_error text,
    claim_owner character varying(64),
    claim_expires timestamp with time zone,
    payload json NOT NULL,
    created_at timestamp with time zone NOT NULL,
    done_at timestamp with time zone
);

CREATE SEQUENCE public.due_work_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.due_work_id_seq OWNED BY public.due_work.id;

CREATE TABLE public.focal_points (
    member character varying(80) NOT NULL,
    user_key character varying(255) NOT NULL,
    added_by character varying(255) NOT NULL,
    added_at timestamp with time zone NOT NULL
);

CREATE TABLE public.goals (
    number integer NOT NULL,
    title text NOT NULL,
    statement text
);

CREATE TABLE public.matrix_cross_signing (
    account character varying(255) NOT NULL,
    master_key character varying(64) NOT NULL,
    self_signing_key character varying(64) NOT NULL,
    user_signing_key character varying(64) NOT NULL,
    uploaded_at timestamp with time zone NOT NULL
);

CREATE TABLE public.matrix_direct_rooms (
    account character varying(255) NOT NULL,
    user_id character varying(255) NOT NULL,
    room_id character varying(255) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    origin character varying(16)
);

CREATE TABLE public.matrix_message_actions (
    event_id character varying(255) NOT NULL,
    account character varying(255) NOT NULL,
    room_id character varying(255) NOT NULL,
    actions text NOT NULL,
    created_at timestamp with time zone NOT NULL
);

CREATE TABLE public.matrix_polls (
    event_id character varying(255) NOT NULL,
    account character varying(255) NOT NULL,
    room_id character varying(255) NOT NULL,
    question text NOT NULL,
    answers text NOT NULL,
    command text NOT NULL,
    max_selections integer NOT NULL,
    created_by character varying(255),
    created_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone,
    end_event_id character varying(255),
    message_event_id character varying(255)
);

CREATE TABLE public.matrix_signed_devices (
    account character varying(255) NOT NULL,
    device_id character varying(255) NOT NULL,
    self_signing_key character varying(64) NOT NULL,
    signed_at timestamp with time zone NOT NULL
);

CREATE TABLE public.matrix_survey_dialogues (
    account character varying(255) NOT NULL,
    user_id character varying(255) NOT NULL,
    survey_id integer NOT NULL,
    question integer NOT NULL,
    visited text NOT NULL,
    updated_at timestamp with time zone NOT NULL
);

CREATE TABLE public.matrix_sync_state (
    account character varying(255) NOT NULL,
    next_batch text NOT NULL,
    saved_at timestamp with time zone NOT NULL
);

CREATE TABLE public.meeting_deliveries (
    id integer NOT NULL,
    series_id integer NOT NULL,
    occurrence_start timestamp with time zone NOT NULL,
    kind character varying(10) NOT NULL,
    offset_minutes integer NOT NULL,
    place character varying(255) NOT NULL,
    status character varying(10) NOT NULL,
    attempts integer NOT NULL,
    due_at timestamp with time zone NOT NULL,
    claimed_at timestamp with time zone NOT NULL,
    sent_at timestamp with time zone,
    retry_at timestamp with time zone,
    error character varying(500)
);

CREATE SEQUENCE public.meeting_deliveries_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.meeting_deliveries_id_seq OWNED BY public.meeting_deliveries.id;

CREATE TABLE public.meeting_overrides (
    series_id integer NOT NULL,
    original_start timestamp with time zone NOT NULL,
    action character varying(10) NOT NULL,
    moved_to timestamp with time zone,
    by character varying(255) NOT NULL,
    at timestamp with time zone NOT NULL
);

CREATE TABLE public.meeting_participants (
    series_id integer NOT NULL,
    ref character varying(255) NOT NULL,
    kind character varying(10) NOT NULL,
    "position" integer NOT NULL
);

CREATE TABLE public.meeting_places (
    series_id integer NOT NULL,
    place character varying(255) NOT NULL,
    "position" integer NOT NULL
);

CREATE TABLE public.meeting_rsvps (
    series_id integer NOT NULL,
    original_start timestamp with time zone NOT NULL,
    user_key character varying(255) NOT NULL,
    answer character varying(5) NOT NULL,
    member character varying(80),
    call_start timestamp with time zone NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);

CREATE TABLE public.meeting_series (
    id integer NOT NULL,
    title character varying(200) NOT NULL,
    kind character varying(20) NOT NULL,
    activity_id character varying(8),
    rrule character varying(500) NOT NULL,
    first_date date NOT NULL,
    start_time character varying(5) NOT NULL,
    duration_minutes integer NOT NULL,
    timezone character varying(64) NOT NULL,
    rotation character varying(100),
    agenda text,
    reminder_offsets character varying(200) NOT NULL,
    created_by character varying(255) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    cancelled_at timestamp with time zone,
    cancelled_by character varying(255),
    location character varying(500),
    link character varying(1000),
    effective_from timestamp with time zone,
    ical_uid character varying(255),
    ical_sequence integer DEFAULT 0 NOT NULL
);

CREATE SEQUENCE public.meeting_series_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.meeting_series_id_seq OWNED BY public.meeting_series.id;

CREATE TABLE public.members (
    name character varying(80) NOT NULL,
    kind character varying(10) NOT NULL,
    joined character varying(20),
    "left" character varying(20),
    timezone character varying(64) NOT NULL,
    note text,
    source text
);

CREATE TABLE public.network_members (
    network_key character varying(40) NOT NULL,
    user_key character varying(255) NOT NULL,
    added_by character varying(255) NOT NULL,
    added_at timestamp with time zone NOT NULL
);

CREATE TABLE public.networks (
    key character varying(40) NOT NULL,
    city character varying(80) NOT NULL,
    description text,
    source text,
    poc character varying(200),
    poc_updated_by character varying(200),
    poc_updated_at timestamp with time zone
);

CREATE TABLE public.objectives (
    id character varying(8) NOT NULL,
    goal_number integer NOT NULL,
    text text NOT NULL
);

CREATE TABLE public.pending_confirmations (
    id integer NOT NULL,
    actor_key character varying(255) NOT NULL,
    place_key character varying(255) NOT NULL,
    action character varying(32) NOT NULL,
    request text NOT NULL,
    summary text NOT NULL,
    state character varying(16) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    decided_at timestamp with time zone,
    result_id integer
);

CREATE SEQUENCE public.pending_confirmations_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.pending_confirmations_id_seq OWNED BY public.pending_confirmations.id;

CREATE TABLE public.personal_reminder_deliveries (
    id integer NOT NULL,
    reminder_id integer NOT NULL,
    due_at timestamp with time zone NOT NULL,
    status character varying(10) NOT NULL,
    attempts integer NOT NULL,
    claimed_at timestamp with time zone NOT NULL
);

CREATE SEQUENCE public.personal_reminder_deliveries_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.personal_reminder_deliveries_id_seq OWNED BY public.personal_reminder_deliveries.id;

CREATE TABLE public.personal_reminders (
    id integer NOT NULL,
    created_by character varying(255) NOT NULL,
    creator_name character varying(255) NOT NULL,
    target character varying(255) NOT NULL,
    to_place boolean NOT NULL,
    text text NOT NULL,
    timezone character varying(64) NOT NULL,
    weekday integer,
    wall_time character varying(5),
    next_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    cancelled_at timestamp with time zone
);

CREATE SEQUENCE public.personal_reminders_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.personal_reminders_id_seq OWNED BY public.personal_reminders.id;

CREATE TABLE public.processed_events (
    platform character varying(20) NOT NULL,
    event_id character varying(255) NOT NULL,
    received_at timestamp with time zone NOT NULL
);

CREATE TABLE public.slack_outbox (
    id integer NOT NULL,
    channel character varying(64),
    user_id character varying(64) NOT NULL,
    thread_ts character varying(32),
    payload text NOT NULL,
    attempts integer NOT NULL,
    last_error character varying(200),
    created_at timestamp with time zone NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL
);

CREATE SEQUENCE public.slack_outbox_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.slack_outbox_id_seq OWNED BY public.slack_outbox.id;

CREATE TABLE public.statements (
    key character varying(120) NOT NULL,
    year character varying(12) NOT NULL,
    title text NOT NULL,
    source text
);

CREATE TABLE public.structure (
    key character varying(60) NOT NULL,
    text text NOT NULL,
    source text
);

CREATE TABLE public.survey_audience (
    survey_id integer NOT NULL,
    user_key character varying(255) NOT NULL,
    invitation character varying(10) NOT NULL
);

CREATE TABLE public.survey_dialogues (
    user_key character varying(255) NOT NULL,
    survey_id integer NOT NULL,
    question integer NOT NULL,
    visited text NOT NULL,
    updated_at timestamp with time zone NOT NULL
);

CREATE TABLE public.survey_reminders (
    survey_id integer NOT NULL,
    offset_minutes integer NOT NULL,
    recipient character varying(255) NOT NULL,
    claimed_at timestamp with time zone NOT NULL,
    outcome character varying(10) NOT NULL
);

CREATE TABLE public.survey_responses (
    id character varying(32) NOT NULL,
    survey_id integer NOT NULL,
    respondent_key character varying(255) NOT NULL,
    answers json NOT NULL,
    complete boolean NOT NULL,
    updated_at timestamp with time zone NOT NULL
);

CREATE TABLE public.surveys (
    id integer NOT NULL,
    title character varying(200) NOT NULL,
    template character varying(60),
    activity character varying(8),
    definition json NOT NULL,
    status character varying(10) NOT NULL,
    anonymous boolean NOT NULL,
    audience_label character varying(500),
    audience_size integer NOT NULL,
    deadline timestamp with time zone,
    reminder_minutes json NOT NULL,
    created_by character varying(255) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    opened_by character varying(255),
    opened_at timestamp with time zone,
    closed_at timestamp with time zone,
    close_reason character varying(20),
    responses_at_close integer,
    timezone character varying(64)
);

CREATE SEQUENCE public.surveys_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.surveys_id_seq OWNED BY public.surveys.id;

CREATE TABLE public.task_forces (
    key character varying(20) NOT NULL,
    name text NOT NULL,
    period text,
    launched text,
    chairs text,
    focus text,
    output text,
    source text
);

CREATE TABLE public.topics (
    key character varying(60) NOT NULL,
    title text NOT NULL,
    summary text,
    text text NOT NULL
);

CREATE TABLE public.troika (
    year integer NOT NULL,
    past character varying(120),
    current character varying(120),
    next character varying(120),
    updated_by character varying(200) NOT NULL,
    updated_at timestamp with time zone NOT NULL
);

CREATE TABLE public.users (
    key character varying(255) NOT NULL,
    display_name character varying(200),
    timezone character varying(64),
    member character varying(80),
    is_admin boolean NOT NULL,
    admin_added_by character varying(255),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    timezone_source character varying(16)
);

CREATE TABLE public.web_tokens (
    id integer NOT NULL,
    token_hash character varying(64) NOT NULL,
    kind character varying(16) NOT NULL,
    user_key character varying(255) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone,
    used_at timestamp with time zone,
    revoked_at timestamp with time zone
);

CREATE SEQUENCE public.web_tokens_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.web_tokens_id_seq OWNED BY public.web_tokens.id;

ALTER TABLE ONLY public.activity_notes ALTER COLUMN id SET DEFAULT nextval('public.activity_notes_id_seq'::regclass);

ALTER TABLE ONLY public.checkin_participants ALTER COLUMN id SET DEFAULT nextval('public.checkin_participants_id_seq'::regclass);

ALTER TABLE ONLY public.checkin_rounds ALTER COLUMN id SET DEFAULT nextval('public.checkin_rounds_id_seq'::regclass);

ALTER TABLE ONLY public.checkins ALTER COLUMN id SET DEFAULT nextval('public.checkins_id_seq'::regclass);

ALTER TABLE ONLY public.due_work ALTER COLUMN id SET DEFAULT nextval('public.due_work_id_seq'::regclass);

ALTER TABLE ONLY public.meeting_deliveries ALTER COLUMN id SET DEFAULT nextval('public.meeting_deliveries_id_seq'::regclass);

ALTER TABLE ONLY public.meeting_series ALTER COLUMN id SET DEFAULT nextval('public.meeting_series_id_seq'::regclass);

ALTER TABLE ONLY public.pending_confirmations ALTER COLUMN id SET DEFAULT nextval('public.pending_confirmations_id_seq'::regclass);

ALTER TABLE ONLY public.personal_reminder_deliveries ALTER COLUMN id SET DEFAULT nextval('public.personal_reminder_deliveries_id_seq'::regclass);

ALTER TABLE ONLY public.personal_reminders ALTER COLUMN id SET DEFAULT nextval('public.personal_reminders_id_seq'::regclass);

ALTER TABLE ONLY public.slack_outbox ALTER COLUMN id SET DEFAULT nextval('public.slack_outbox_id_seq'::regclass);

ALTER TABLE ONLY public.surveys ALTER COLUMN id SET DEFAULT nextval('public.surveys_id_seq'::regclass);

ALTER TABLE ONLY public.web_tokens ALTER COLUMN id SET DEFAULT nextval('public.web_tokens_id_seq'::regclass);

INSERT INTO public.alembic_version VALUES ('0019_due_work');

INSERT INTO public.matrix_direct_rooms VALUES ('@focbot:example.org', '@alice:example.org', '!dm-alice:example.org', '2026-12-01 09:00:00+00', 'created');

INSERT INTO public.matrix_message_actions VALUES ('$msg1', '@focbot:example.org', '!room:example.org', '{"stop": "reminder stop 1"}', '2026-12-01 09:00:00+00');

INSERT INTO public.matrix_polls VALUES ('$poll1', '@focbot:example.org', '!room:example.org', 'Coming?', '[["a1", "Yes", "yes"]]', 'rsvp 3 {value}', 1, NULL, '2026-12-01 09:00:00+00', NULL, NULL, '$msg1');

INSERT INTO public.matrix_sync_state VALUES ('@focbot:example.org', 's72594_4483_1934', '2026-12-01 09:00:00+00');

INSERT INTO public.slack_outbox VALUES (1, NULL, 'U1', NULL, '[]', 0, NULL, '2026-12-01 09:00:00+00', '2026-12-01 09:00:00+00');

SELECT pg_catalog.setval('public.activity_notes_id_seq', 1, false);

SELECT pg_catalog.setval('public.checkin_participants_id_seq', 1, false);

SELECT pg_catalog.setval('public.checkin_rounds_id_seq', 1, false);

SELECT pg_catalog.setval('public.checkins_id_seq', 1, false);

SELECT pg_catalog.setval('public.due_work_id_seq', 1, false);

SELECT pg_catalog.setval('public.meeting_deliveries_id_seq', 1, false);

SELECT pg_catalog.setval('public.meeting_series_id_seq', 1, false);

SELECT pg_catalog.setval('public.pending_confirmations_id_seq', 1, false);

SELECT pg_catalog.setval('public.personal_reminder_deliveries_id_seq', 1, false);

SELECT pg_catalog.setval('public.personal_reminders_id_seq', 1, false);

SELECT pg_catalog.setval('public.slack_outbox_id_seq', 1, true);

SELECT pg_catalog.setval('public.surveys_id_seq', 1, false);

SELECT pg_catalog.setval('public.web_tokens_id_seq', 1, false);

ALTER TABLE ONLY public.alembic_version
    ADD CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num);

ALTER TABLE ONLY public.activities
    ADD CONSTRAINT pk_activities PRIMARY KEY (id);

ALTER TABLE ONLY public.activity_notes
    ADD CONSTRAINT pk_activity_notes PRIMARY KEY (id);

ALTER TABLE ONLY public.bot_secrets
    ADD CONSTRAINT pk_bot_secrets PRIMARY KEY (name);

ALTER TABLE ONLY public.chairs
    ADD CONSTRAINT pk_chairs PRIMARY KEY (year);

ALTER TABLE ONLY public.checkin_participants
    ADD CONSTRAINT pk_checkin_participants PRIMARY KEY (id);

ALTER TABLE ONLY public.checkin_rounds
    ADD CONSTRAINT pk_checkin_rounds PRIMARY KEY (id);

ALTER TABLE ONLY public.checkins
    ADD CONSTRAINT pk_checkins PRIMARY KEY (id);

ALTER TABLE ONLY public.context_sections
    ADD CONSTRAINT pk_context_sections PRIMARY KEY (key);

ALTER TABLE ONLY public.due_work
    ADD CONSTRAINT pk_due_work PRIMARY KEY (id);

ALTER TABLE ONLY public.focal_points
    ADD CONSTRAINT pk_focal_points PRIMARY KEY (member, user_key);

ALTER TABLE ONLY public.goals
    ADD CONSTRAINT pk_goals PRIMARY KEY (number);

ALTER TABLE ONLY public.matrix_cross_signing
    ADD CONSTRAINT pk_matrix_cross_signing PRIMARY KEY (account);

ALTER TABLE ONLY public.matrix_direct_rooms
    ADD CONSTRAINT pk_matrix_direct_rooms PRIMARY KEY (account, user_id);

ALTER TABLE ONLY public.matrix_message_actions
    ADD CONSTRAINT pk_matrix_message_actions PRIMARY KEY (event_id);

ALTER TABLE ONLY public.matrix_polls
    ADD CONSTRAINT pk_matrix_polls PRIMARY KEY (event_id);

ALTER TABLE ONLY public.matrix_signed_devices
    ADD CONSTRAINT pk_matrix_signed_devices PRIMARY KEY (account, device_id);

ALTER TABLE ONLY public.matrix_survey_dialogues
    ADD CONSTRAINT pk_matrix_survey_dialogues PRIMARY KEY (account, user_id);

ALTER TABLE ONLY public.matrix_sync_state
    ADD CONSTRAINT pk_matrix_sync_state PRIMARY KEY (account);

ALTER TABLE ONLY public.meeting_deliveries
    ADD CONSTRAINT pk_meeting_deliveries PRIMARY KEY (id);

ALTER TABLE ONLY public.meeting_overrides
    ADD CONSTRAINT pk_meeting_overrides PRIMARY KEY (series_id, original_start);

ALTER TABLE ONLY public.meeting_participants
    ADD CONSTRAINT pk_meeting_participants PRIMARY KEY (series_id, ref);

ALTER TABLE ONLY public.meeting_places
    ADD CONSTRAINT pk_meeting_places PRIMARY KEY (series_id, place);

ALTER TABLE ONLY public.meeting_rsvps
    ADD CONSTRAINT pk_meeting_rsvps PRIMARY KEY (series_id, original_start, user_key);

ALTER TABLE ONLY public.meeting_series
    ADD CONSTRAINT pk_meeting_series PRIMARY KEY (id);

ALTER TABLE ONLY public.members
    ADD CONSTRAINT pk_members PRIMARY KEY (name);

ALTER TABLE ONLY public.network_members
    ADD CONSTRAINT pk_network_members PRIMARY KEY (network_key, user_key);

ALTER TABLE ONLY public.networks
    ADD CONSTRAINT pk_networks PRIMARY KEY (key);

ALTER TABLE ONLY public.objectives
    ADD CONSTRAINT pk_objectives PRIMARY KEY (id);

ALTER TABLE ONLY public.pending_confirmations
    ADD CONSTRAINT pk_pending_confirmations PRIMARY KEY (id);

ALTER TABLE ONLY public.personal_reminder_deliveries
    ADD CONSTRAINT pk_personal_reminder_deliveries PRIMARY KEY (id);

ALTER TABLE ONLY public.personal_reminders
    ADD CONSTRAINT pk_personal_reminders PRIMARY KEY (id);

ALTER TABLE ONLY public.processed_events
    ADD CONSTRAINT pk_processed_events PRIMARY KEY (platform, event_id);

ALTER TABLE ONLY public.slack_outbox
    ADD CONSTRAINT pk_slack_outbox PRIMARY KEY (id);

ALTER TABLE ONLY public.statements
    ADD CONSTRAINT pk_statements PRIMARY KEY (key);

ALTER TABLE ONLY public.structure
    ADD CONSTRAINT pk_structure PRIMARY KEY (key);

ALTER TABLE ONLY public.survey_audience
    ADD CONSTRAINT pk_survey_audience PRIMARY KEY (survey_id, user_key);

ALTER TABLE ONLY public.survey_dialogues
    ADD CONSTRAINT pk_survey_dialogues PRIMARY KEY (user_key);

ALTER TABLE ONLY public.survey_reminders
    ADD CONSTRAINT pk_survey_reminders PRIMARY KEY (survey_id, offset_minutes, recipient);

ALTER TABLE ONLY public.survey_responses
    ADD CONSTRAINT pk_survey_responses PRIMARY KEY (id);

ALTER TABLE ONLY public.surveys
    ADD CONSTRAINT pk_surveys PRIMARY KEY (id);

ALTER TABLE ONLY public.task_forces
    ADD CONSTRAINT pk_task_forces PRIMARY KEY (key);

ALTER TABLE ONLY public.topics
    ADD CONSTRAINT pk_topics PRIMARY KEY (key);

ALTER TABLE ONLY public.troika
    ADD CONSTRAINT pk_troika PRIMARY KEY (year);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT pk_users PRIMARY KEY (key);

ALTER TABLE ONLY public.web_tokens
    ADD CONSTRAINT pk_web_tokens PRIMARY KEY (id);

ALTER TABLE ONLY public.checkin_participants
    ADD CONSTRAINT uq_checkin_participants_round_id_user_key_member UNIQUE (round_id, user_key, member);

ALTER TABLE ONLY public.checkin_rounds
    ADD CONSTRAINT uq_checkin_rounds_checkin_id_round_date UNIQUE (checkin_id, round_date);

ALTER TABLE ONLY public.due_work
    ADD CONSTRAINT uq_due_work_kind_key UNIQUE (kind, key);

ALTER TABLE ONLY public.meeting_deliveries
    ADD CONSTRAINT uq_meeting_deliveries_key UNIQUE (series_id, occurrence_start, kind, offset_minutes, place);

ALTER TABLE ONLY public.personal_reminder_deliveries
    ADD CONSTRAINT uq_personal_reminder_deliveries_reminder_id_due_at UNIQUE (reminder_id, due_at);

ALTER TABLE ONLY public.survey_responses
    ADD CONSTRAINT uq_survey_responses_survey_id_respondent_key UNIQUE (survey_id, respondent_key);

ALTER TABLE ONLY public.web_tokens
    ADD CONSTRAINT uq_web_tokens_token_hash UNIQUE (token_hash);

CREATE INDEX ix_activities_objective_id ON public.activities USING btree (objective_id);

CREATE INDEX ix_activity_notes_activity_id ON public.activity_notes USING btree (activity_id);

CREATE INDEX ix_checkin_participants_answered_at ON public.checkin_participants USING btree (answered_at);

CREATE INDEX ix_checkin_participants_due_at ON public.checkin_participants USING btree (due_at);

CREATE INDEX ix_checkin_participants_round_id ON public.checkin_participants USING btree (round_id);

CREATE INDEX ix_checkin_participants_user_key ON public.checkin_participants USING btree (user_key);

CREATE INDEX ix_checkin_rounds_checkin_id ON public.checkin_rounds USING btree (checkin_id);

CREATE INDEX ix_checkin_rounds_deadline_at ON public.checkin_rounds USING btree (deadline_at);

CREATE INDEX ix_checkins_next_round_at ON public.checkins USING btree (next_round_at);

CREATE INDEX ix_checkins_status ON public.checkins USING btree (status);

CREATE INDEX ix_due_work_state_due_at ON public.due_work USING btree (state, due_at);

CREATE INDEX ix_focal_points_user_key ON public.focal_points USING btree (user_key);

CREATE INDEX ix_matrix_direct_rooms_room_id ON public.matrix_direct_rooms USING btree (room_id);

CREATE INDEX ix_matrix_message_actions_account ON public.matrix_message_actions USING btree (account);

CREATE INDEX ix_matrix_polls_account ON public.matrix_polls USING btree (account);

CREATE INDEX ix_matrix_polls_message_event_id ON public.matrix_polls USING btree (message_event_id);

CREATE INDEX ix_matrix_polls_room_id ON public.matrix_polls USING btree (room_id);

CREATE INDEX ix_meeting_deliveries_retry_at ON public.meeting_deliveries USING btree (retry_at);

CREATE INDEX ix_meeting_deliveries_status ON public.meeting_deliveries USING btree (status);

CREATE INDEX ix_meeting_rsvps_updated_at ON public.meeting_rsvps USING btree (updated_at);

CREATE INDEX ix_meeting_rsvps_user_key ON public.meeting_rsvps USING btree (user_key);

CREATE INDEX ix_meeting_series_activity_id ON public.meeting_series USING btree (activity_id);

CREATE INDEX ix_pending_confirmations_actor_place ON public.pending_confirmations USING btree (actor_key, place_key, state);

CREATE INDEX ix_personal_reminders_created_by ON public.personal_reminders USING btree (created_by);

CREATE INDEX ix_personal_reminders_next_at ON public.personal_reminders USING btree (next_at);

CREATE INDEX ix_personal_reminders_target ON public.personal_reminders USING btree (target);

CREATE INDEX ix_processed_events_received_at ON public.processed_events USING btree (received_at);

CREATE INDEX ix_slack_outbox_next_attempt_at ON public.slack_outbox USING btree (next_attempt_at);

CREATE INDEX ix_statements_year ON public.statements USING btree (year);

CREATE INDEX ix_survey_audience_user_key ON public.survey_audience USING btree (user_key);

CREATE INDEX ix_surveys_activity ON public.surveys USING btree (activity);

CREATE INDEX ix_surveys_status ON public.surveys USING btree (status);

CREATE INDEX ix_web_tokens_user_kind ON public.web_tokens USING btree (user_key, kind);

ALTER TABLE ONLY public.activities
    ADD CONSTRAINT fk_activities_objective_id_objectives FOREIGN KEY (objective_id) REFERENCES public.objectives(id);

ALTER TABLE ONLY public.activity_notes
    ADD CONSTRAINT fk_activity_notes_activity_id_activities FOREIGN KEY (activity_id) REFERENCES public.activities(id);

ALTER TABLE ONLY public.checkin_participants
    ADD CONSTRAINT fk_checkin_participants_round_id_checkin_rounds FOREIGN KEY (round_id) REFERENCES public.checkin_rounds(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.checkin_rounds
    ADD CONSTRAINT fk_checkin_rounds_checkin_id_checkins FOREIGN KEY (checkin_id) REFERENCES public.checkins(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.focal_points
    ADD CONSTRAINT fk_focal_points_member_members FOREIGN KEY (member) REFERENCES public.members(name);

ALTER TABLE ONLY public.meeting_deliveries
    ADD CONSTRAINT fk_meeting_deliveries_series_id_meeting_series FOREIGN KEY (series_id) REFERENCES public.meeting_series(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.meeting_overrides
    ADD CONSTRAINT fk_meeting_overrides_series_id_meeting_series FOREIGN KEY (series_id) REFERENCES public.meeting_series(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.meeting_participants
    ADD CONSTRAINT fk_meeting_participants_series_id_meeting_series FOREIGN KEY (series_id) REFERENCES public.meeting_series(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.meeting_places
    ADD CONSTRAINT fk_meeting_places_series_id_meeting_series FOREIGN KEY (series_id) REFERENCES public.meeting_series(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.meeting_rsvps
    ADD CONSTRAINT fk_meeting_rsvps_series_id_meeting_series FOREIGN KEY (series_id) REFERENCES public.meeting_series(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.meeting_series
    ADD CONSTRAINT fk_meeting_series_activity_id_activities FOREIGN KEY (activity_id) REFERENCES public.activities(id);

ALTER TABLE ONLY public.network_members
    ADD CONSTRAINT fk_network_members_network_key_networks FOREIGN KEY (network_key) REFERENCES public.networks(key) ON DELETE CASCADE;

ALTER TABLE ONLY public.objectives
    ADD CONSTRAINT fk_objectives_goal_number_goals FOREIGN KEY (goal_number) REFERENCES public.goals(number);

ALTER TABLE ONLY public.personal_reminder_deliveries
    ADD CONSTRAINT fk_personal_reminder_deliveries_reminder_id_personal_reminders FOREIGN KEY (reminder_id) REFERENCES public.personal_reminders(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.survey_audience
    ADD CONSTRAINT fk_survey_audience_survey_id_surveys FOREIGN KEY (survey_id) REFERENCES public.surveys(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.survey_reminders
    ADD CONSTRAINT fk_survey_reminders_survey_id_surveys FOREIGN KEY (survey_id) REFERENCES public.surveys(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.survey_responses
    ADD CONSTRAINT fk_survey_responses_survey_id_surveys FOREIGN KEY (survey_id) REFERENCES public.surveys(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.users
    ADD CONSTRAINT fk_users_member_members FOREIGN KEY (member) REFERENCES public.members(name);

