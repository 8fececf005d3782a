-- Turnkey 3.2's own tables as its PostgreSQL installer ("建立資料庫") makes them: lower-case names, character
-- varying columns, keys named <table>_pk1 and its indexes. TURNKEY_SEQUENCE holds the last SEQNO handed out.
CREATE TABLE IF NOT EXISTS turnkey_message_log
(
    seqno character varying(8) NOT NULL,
    subseqno character varying(5) NOT NULL,
    uuid character varying(40) DEFAULT NULL::character varying,
    message_type character varying(10) DEFAULT NULL::character varying,
    category_type character varying(5) DEFAULT NULL::character varying,
    process_type character varying(10) DEFAULT NULL::character varying,
    from_party_id character varying(10) DEFAULT NULL::character varying,
    to_party_id character varying(10) DEFAULT NULL::character varying,
    message_dts character varying(17) DEFAULT NULL::character varying,
    character_count character varying(10) DEFAULT NULL::character varying,
    status character varying(5) DEFAULT NULL::character varying,
    in_out_bound character varying(1) DEFAULT NULL::character varying,
    from_routing_id character varying(39) DEFAULT NULL::character varying,
    to_routing_id character varying(39) DEFAULT NULL::character varying,
    invoice_identifier character varying(30) DEFAULT NULL::character varying,
    CONSTRAINT turnkey_message_log_pk1 PRIMARY KEY (seqno, subseqno)
);
CREATE INDEX IF NOT EXISTS turnkey_message_log_index1 ON turnkey_message_log (message_dts ASC NULLS LAST);
CREATE INDEX IF NOT EXISTS turnkey_message_log_index2 ON turnkey_message_log (uuid ASC NULLS LAST);

CREATE TABLE IF NOT EXISTS turnkey_message_log_detail
(
    seqno character varying(8) NOT NULL,
    subseqno character varying(5) NOT NULL,
    process_dts character varying(17),
    task character varying(30) NOT NULL,
    status character varying(5),
    filename character varying(300),
    uuid character varying(40),
    CONSTRAINT turnkey_message_log_detail_pk1 PRIMARY KEY (seqno, subseqno, task)
);
CREATE INDEX IF NOT EXISTS turnkey_message_log_detail_index1 ON turnkey_message_log_detail (filename ASC NULLS LAST);

CREATE TABLE IF NOT EXISTS turnkey_sysevent_log
(
    eventdts character varying(17) NOT NULL,
    party_id character varying(10),
    seqno character varying(8),
    subseqno character varying(5),
    errorcode character varying(4),
    uuid character varying(40),
    information1 character varying(100),
    information2 character varying(100),
    information3 character varying(100),
    message1 character varying(100),
    message2 character varying(100),
    message3 character varying(100),
    message4 character varying(100),
    message5 character varying(100),
    message6 character varying(100),
    CONSTRAINT turnkey_sysevent_log_pk1 PRIMARY KEY (eventdts)
);
CREATE INDEX IF NOT EXISTS turnkey_sysevent_log_index1 ON turnkey_sysevent_log (seqno ASC NULLS LAST, subseqno ASC NULLS LAST);
CREATE INDEX IF NOT EXISTS turnkey_sysevent_log_index2 ON turnkey_sysevent_log (uuid ASC NULLS LAST);

CREATE TABLE IF NOT EXISTS turnkey_sequence
(
    sequence character varying(8) NOT NULL,
    CONSTRAINT turnkey_sequence_pk1 PRIMARY KEY (sequence)
);
