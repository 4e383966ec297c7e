-- Real-name levels (实名等级): 1 the mobile was proven with a code, 2 name and ID number match a
-- live person in the population register, 3 a clerk checked the identity in person. Where the
-- level came from is kept beside it. A service may require a level to submit.
alter table people
    add column real_name_level smallint not null default 1
        check (real_name_level between 1 and 3),
    add column level_source text not null default 'mobile'
        check (level_source in ('mobile', 'base_data', 'counter')),
    add column level_set_at timestamptz not null default now();

alter table services
    add column required_level smallint not null default 1
        check (required_level between 1 and 3);

-- People registered before levels existed rise to 2 where the register agrees.
update people p
   set real_name_level = 2, level_source = 'base_data'
  from base_people b
 where b.id_number = p.id_number and b.name = p.real_name and b.status = 'live';

-- Property and provident-fund services move money or title: level 2 at least.
update services set required_level = 2 where code in ('BDC-001', 'BDC-002', 'BDC-003', 'GJJ-001');
