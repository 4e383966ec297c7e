-- A queue page's audit row lists the 50 cases it showed (about 2-4 KB of JSON). Above the
-- default 2 KB target each such row was compressed and moved out of line into TOAST chunks
-- (two or three extra inserts per page view); rows up to a page now stay inline, as written.
alter table audit_log set (toast_tuple_target = 8160);
