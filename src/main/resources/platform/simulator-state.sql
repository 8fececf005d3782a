-- The simulator's own state, apart from Turnkey's tables: what the simulated platform has accepted (for duplicate
-- and reference checks), and its answers waiting until Turnkey has sent the file and the processing delay passed.
CREATE TABLE IF NOT EXISTS sim_document (
  seller_id    varchar(10)  NOT NULL,
  message_type varchar(5)   NOT NULL,
  reference    varchar(16)  NOT NULL,
  doc_date     varchar(8),
  seqno        varchar(8)   NOT NULL,
  PRIMARY KEY (seller_id, message_type, reference)
);
-- left by earlier versions of the simulator
DROP TABLE IF EXISTS sim_pending;
DROP SEQUENCE IF EXISTS sim_seqno;
CREATE TABLE IF NOT EXISTS sim_answer (
  seqno        varchar(8)   PRIMARY KEY,
  verdict      varchar(5)   NOT NULL,
  code         varchar(10),
  message      varchar(500),
  due_at       timestamptz
);
-- Files whose rows are committed but which are not yet moved out of SRC (BAK or ERR, under the day and hour filed_at):
-- a simulator stopped in between finds the file still in SRC and only moves it, rather than taking it again.
CREATE TABLE IF NOT EXISTS sim_filing (
  source       varchar(1000) PRIMARY KEY,
  message_type varchar(5)    NOT NULL,
  folder       varchar(3)    NOT NULL,
  filed_at     timestamp     NOT NULL
);
