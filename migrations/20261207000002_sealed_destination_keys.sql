-- Signing keys shared with department and vendor systems are kept sealed (XChaCha20-Poly1305
-- under a key derived from PORTAL_SECRET, bound to the destination), never in plain text. The
-- plain column remains only until the portal seals what an older version stored (at start).
alter table department_backends add column signing_key_sealed bytea;
alter table department_backends drop constraint department_backends_check;
alter table department_backends add constraint department_backends_http_check
    check ((kind = 'http') = (base_url is not null
                              and (signing_key_hex is not null or signing_key_sealed is not null)));

alter table vendor_systems alter column signing_key_hex drop not null;
alter table vendor_systems add column signing_key_sealed bytea;
alter table vendor_systems add constraint vendor_systems_key_check
    check (signing_key_hex is not null or signing_key_sealed is not null);
