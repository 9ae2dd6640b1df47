-- The census checks of domain.md §8 in PostGIS SQL, as a GIS analyst would write them: the reference
-- that `wangge validate` is measured against (bench/census_postgis.sh). :as_of is a date.
\set ON_ERROR_STOP on

CREATE TEMP TABLE f_invalid AS
SELECT code, ST_IsValidReason(geom) AS reason FROM grids WHERE NOT ST_IsValid(geom);

CREATE TEMP TABLE f_code AS
SELECT code FROM grids WHERE code !~ '^[0-9]{15}$'
UNION ALL
SELECT code FROM (SELECT code, row_number() OVER (PARTITION BY code ORDER BY fid) AS n FROM grids) d WHERE n > 1;

CREATE TEMP TABLE f_overlap AS
SELECT a.code AS code, b.code AS other_code, ST_Area(ST_Intersection(a.geom, b.geom)) AS area
FROM grids a JOIN grids b ON a.fid < b.fid AND a.geom && b.geom
WHERE ST_Relate(a.geom, b.geom, 'T********') AND ST_Area(ST_Intersection(a.geom, b.geom)) > 1;

CREATE TEMP TABLE f_gap AS
SELECT district, ST_Area(ring.geom) AS area
FROM (SELECT district, (ST_Dump(ST_Union(geom))).geom AS geom FROM grids GROUP BY district) u,
     LATERAL ST_DumpRings(u.geom) AS ring
WHERE ring.path[1] > 0 AND ST_Area(ring.geom) > 1;

CREATE TEMP TABLE f_shape AS
SELECT code, ST_Area(geom) AS area FROM grids
WHERE ST_Area(geom) < 100 OR 4 * pi() * ST_Area(geom) / (ST_Perimeter(geom) ^ 2) < 0.05
   OR ST_Area(geom) NOT BETWEEN 1000 AND 200000;

CREATE TEMP TABLE f_component AS
SELECT c.fid, 'missing_attribute' AS rule FROM components c
WHERE c.code IS NULL OR c.name IS NULL OR c.dept_code IS NULL OR c.dept_name IS NULL OR c.grid_code IS NULL
   OR c.state IS NULL OR c.initial_date IS NULL
UNION ALL
SELECT fid, 'bad_code' FROM components WHERE code !~ '^[0-9]{16,17}$'
UNION ALL
SELECT fid, 'duplicate_code' FROM
  (SELECT fid, row_number() OVER (PARTITION BY code ORDER BY fid) AS n FROM components) d WHERE n > 1
UNION ALL
SELECT c.fid, 'unknown_class' FROM components c LEFT JOIN catalog k ON k.code = substr(c.code, 7, 4)
WHERE k.code IS NULL
UNION ALL
SELECT c.fid, 'unknown_grid' FROM components c LEFT JOIN grids g ON g.code = c.grid_code WHERE g.fid IS NULL
UNION ALL
SELECT c.fid, 'misplaced' FROM components c
  JOIN grids g ON g.code = c.grid_code
  JOIN catalog k ON k.code = substr(c.code, 7, 4)
WHERE NOT ST_DWithin(c.geom, g.geom, CASE k.accuracy WHEN 'A' THEN 0.5 WHEN 'B' THEN 1.0 ELSE 10.0 END)
UNION ALL
SELECT c.fid, 'district_mismatch' FROM components c JOIN grids g ON ST_Contains(g.geom, c.geom)
WHERE substr(c.code, 1, 6) <> g.district
UNION ALL
SELECT fid, 'bad_date' FROM components
WHERE initial_date::date > :'as_of'::date OR change_date::date > :'as_of'::date OR change_date < initial_date
UNION ALL
SELECT fid, 'stale' FROM components
WHERE COALESCE(change_date, initial_date)::date < :'as_of'::date - 365;

CREATE TEMP TABLE district_scores AS
SELECT g.district, count(*) AS grids, count(*) FILTER (WHERE EXISTS
         (SELECT 1 FROM components c WHERE c.grid_code = g.code)) AS covered
FROM grids g GROUP BY g.district;

SELECT 'invalid', count(*) FROM f_invalid UNION ALL SELECT 'codes', count(*) FROM f_code
UNION ALL SELECT 'overlap', count(*) FROM f_overlap UNION ALL SELECT 'gap', count(*) FROM f_gap
UNION ALL SELECT 'shape', count(*) FROM f_shape UNION ALL SELECT 'component', count(*) FROM f_component;
