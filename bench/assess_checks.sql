-- The spatial join and grouping of `wangge assess` in PostGIS SQL (bench/assess_postgis.sh):
-- every case placed in its grid, counts of domain.md §5.1 per grid, rolled up to community,
-- street and district by code prefix. :s and :e bound the period (local time, ISO text).
\set ON_ERROR_STOP on

CREATE TEMP TABLE located AS
SELECT c.*, g.code AS grid FROM cases c LEFT JOIN LATERAL
  (SELECT code FROM grids g WHERE ST_Contains(g.geom, c.geom) LIMIT 1) g ON true;

CREATE TEMP TABLE per_grid AS
SELECT grid,
  count(*) FILTER (WHERE reported_at >= :'s' AND reported_at < :'e') AS reports,
  count(*) FILTER (WHERE reported_at >= :'s' AND reported_at < :'e' AND source = 'collector') AS collector_reports,
  count(*) FILTER (WHERE NOT voided AND source = 'public' AND verified_at >= :'s' AND verified_at < :'e'
                   AND filed_at IS NOT NULL) AS public_verified,
  count(*) FILTER (WHERE NOT voided AND filed_at >= :'s' AND filed_at < :'e') AS filed,
  count(*) FILTER (WHERE NOT voided AND closed_at >= :'s' AND closed_at < :'e') AS closed,
  count(*) FILTER (WHERE NOT voided AND closed_at >= :'s' AND closed_at < :'e'
                   AND (deadline IS NULL OR COALESCE(disposed_at, closed_at) <= deadline)) AS closed_on_time,
  count(*) FILTER (WHERE NOT voided AND filed_at < :'e' AND (closed_at IS NULL OR closed_at >= :'e')
                   AND deadline >= :'s' AND deadline < :'e') AS overdue_open,
  count(*) FILTER (WHERE NOT voided AND closed_at >= :'s' AND closed_at < :'e' AND rework > 0) AS reworked,
  count(*) FILTER (WHERE NOT voided AND closed_at >= :'s' AND closed_at < :'e' AND satisfaction IS NOT NULL) AS rated,
  count(*) FILTER (WHERE NOT voided AND closed_at >= :'s' AND closed_at < :'e'
                   AND satisfaction IN ('satisfied', 'basic')) AS satisfied_or_basic
FROM located WHERE grid IS NOT NULL GROUP BY grid;

CREATE TEMP TABLE regions AS
SELECT level, code, sum(reports) AS reports, sum(filed) AS filed, sum(closed) AS closed,
       sum(closed_on_time) AS closed_on_time, sum(closed + overdue_open) AS due,
       sum(closed)::float / NULLIF(sum(closed + overdue_open), 0) AS closure_rate,
       sum(closed_on_time)::float / NULLIF(sum(closed + overdue_open), 0) AS on_time_rate,
       sum(public_verified)::float / NULLIF(sum(filed), 0) AS public_report_rate,
       sum(reworked)::float / NULLIF(sum(closed), 0) AS rework_rate,
       sum(satisfied_or_basic)::float / NULLIF(sum(rated), 0) AS satisfaction_rate
FROM (SELECT 'district' AS level, substr(grid, 1, 6) AS code, * FROM per_grid
      UNION ALL SELECT 'street', substr(grid, 1, 9), * FROM per_grid
      UNION ALL SELECT 'community', substr(grid, 1, 12), * FROM per_grid
      UNION ALL SELECT 'grid', grid, * FROM per_grid) x
GROUP BY level, code;

SELECT level, count(*), sum(filed), sum(closed) FROM regions GROUP BY level ORDER BY level;
SELECT 'unlocated', count(*) FROM located WHERE grid IS NULL;
