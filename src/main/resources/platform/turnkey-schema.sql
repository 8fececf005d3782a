-- Turnkey 3.2's tables as its entities define them (see the shared turnkey.md), plus the simulator's own state.
CREATE TABLE IF NOT EXISTS turnkey_message_log (
  seqno              varchar(8)   NOT NULL,
  subseqno           varchar(5)   NOT NULL,
  uuid               varchar(40),
  message_type       varchar(10),
  category_type      varchar(5),
  process_type       varchar(10),
  from_party_id      varchar(10),
  to_party_id        varchar(10),
  message_dts        varchar(17),
  character_count    varchar(10),
  status             varchar(5),
  in_out_bound       varchar(1),
  from_routing_id    varchar(39),
  to_routing_id      varchar(39),
  invoice_identifier varchar(30),
  PRIMARY KEY (seqno, subseqno)
);
CREATE INDEX IF NOT EXISTS turnkey_message_log_uuid_idx ON turnkey_message_log (uuid, message_dts);
CREATE INDEX IF NOT EXISTS turnkey_message_log_index1 ON turnkey_message_log (message_dts);
CREATE INDEX IF NOT EXISTS turnkey_message_log_identifier_idx ON turnkey_message_log (invoice_identifier);

CREATE TABLE IF NOT EXISTS turnkey_message_log_detail (
  seqno       varchar(8)   NOT NULL,
  subseqno    varchar(5)   NOT NULL,
  process_dts varchar(17),
  task        varchar(30)  NOT NULL,
  status      varchar(5),
  filename    varchar(300),
  uuid        varchar(40),
  PRIMARY KEY (seqno, subseqno, task)
);

CREATE TABLE IF NOT EXISTS turnkey_sysevent_log (
  eventdts     varchar(17)  NOT NULL,
  party_id     varchar(10),
  seqno        varchar(8),
  subseqno     varchar(5),
  errorcode    varchar(4),
  uuid         varchar(40),
  information1 varchar(100), information2 varchar(100), information3 varchar(100),
  message1 varchar(100), message2 varchar(100), message3 varchar(100),
  message4 varchar(100), message5 varchar(100), message6 varchar(100),
  PRIMARY KEY (eventdts)
);
CREATE INDEX IF NOT EXISTS turnkey_sysevent_log_index1 ON turnkey_sysevent_log (seqno, subseqno);

CREATE SEQUENCE IF NOT EXISTS sim_seqno;

-- What the simulated platform has accepted, for duplicate and cancel checks, and verdicts waiting for their delay.
CREATE TABLE IF NOT EXISTS sim_document (
  seller_id    varchar(10)  NOT NULL,
  message_type varchar(5)   NOT NULL,
  reference    varchar(16)  NOT NULL,
  doc_date     varchar(8),
  seqno        varchar(8)   NOT NULL,
  PRIMARY KEY (seller_id, message_type, reference)
);
CREATE TABLE IF NOT EXISTS sim_pending (
  seqno        varchar(8)   PRIMARY KEY,
  verdict      varchar(5)   NOT NULL,
  errorcode    varchar(4),
  code         varchar(10),
  message      varchar(100),
  due_at       timestamptz  NOT NULL
);
