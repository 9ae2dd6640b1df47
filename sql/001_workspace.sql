-- Wangge workspace in PostGIS: the same tables as the GeoPackage workspace (layers/schema.cpp).
-- {{schema}} is filled in by the store: one schema per workspace (city). Geometry columns take
-- the workspace CRS's SRID when it is set (by init --crs or the first import).

CREATE SCHEMA IF NOT EXISTS {{schema}};

CREATE TABLE {{schema}}.wangge_schema_version (
    version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL);

CREATE TABLE {{schema}}.wangge_meta (key text PRIMARY KEY, value text);

CREATE TABLE {{schema}}.submissions (
    fid bigserial PRIMARY KEY, submission bigint, rows bigint,
    layer text, district text, source text, submitted_at text);

CREATE TABLE {{schema}}.districts (
    fid bigserial PRIMARY KEY, code text, name text, submission bigint, source_row bigint,
    derived boolean, geom geometry(MultiPolygon));
CREATE TABLE {{schema}}.streets (
    fid bigserial PRIMARY KEY, code text, name text, submission bigint, source_row bigint,
    derived boolean, geom geometry(MultiPolygon));
CREATE TABLE {{schema}}.communities (
    fid bigserial PRIMARY KEY, code text, name text, submission bigint, source_row bigint,
    derived boolean, geom geometry(MultiPolygon));

CREATE TABLE {{schema}}.grids (
    fid bigserial PRIMARY KEY, code text, name text, initial_date text, termination_date text,
    region_class text, source_code text, district text, submission bigint, source_row bigint,
    geom geometry(MultiPolygon));

CREATE TABLE {{schema}}.components (
    fid bigserial PRIMARY KEY, code text, name text, dept_code text, dept_name text,
    owner_code text, owner_name text, maint_code text, maint_name text, grid_code text,
    state text, initial_date text, change_date text, source text, note text, district text,
    submission bigint, source_row bigint, geom geometry(Point));

CREATE TABLE {{schema}}.cases (
    fid bigserial PRIMARY KEY, case_id text, source text, kind text, class_code text,
    grid_code text, reporter_id text, reported_at text, verify_sent_at text, verified_at text,
    verifier_id text, filed_at text, filer_id text, dispatched_at text, dispatcher_id text,
    dept_code text, deadline text, disposed_at text, check_sent_at text, checked_at text,
    checker_id text, closed_at text, rework integer, voided boolean, supervised boolean,
    suspended boolean, satisfaction text, submission bigint, source_row bigint,
    geom geometry(Point));

CREATE TABLE {{schema}}.roster (
    fid bigserial PRIMARY KEY, person_id text, name text, role text, grids text, shift text,
    submission bigint, source_row bigint);

CREATE INDEX ON {{schema}}.districts USING gist (geom);
CREATE INDEX ON {{schema}}.streets USING gist (geom);
CREATE INDEX ON {{schema}}.communities USING gist (geom);
CREATE INDEX ON {{schema}}.grids USING gist (geom);
CREATE INDEX ON {{schema}}.components USING gist (geom);
CREATE INDEX ON {{schema}}.cases USING gist (geom);
CREATE INDEX ON {{schema}}.cases (case_id);
CREATE INDEX ON {{schema}}.components (district);
