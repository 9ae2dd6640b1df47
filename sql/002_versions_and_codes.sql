-- A counter every write raises, so that readers (the service) see when to reload; indexes on the
-- codes the grade views and district replacement join on.

INSERT INTO {{schema}}.wangge_meta (key, value) VALUES ('version', '0')
    ON CONFLICT (key) DO NOTHING;

CREATE INDEX ON {{schema}}.grids (code);
CREATE INDEX ON {{schema}}.grids (district);
CREATE INDEX ON {{schema}}.communities (code);
CREATE INDEX ON {{schema}}.streets (code);
CREATE INDEX ON {{schema}}.districts (code);
CREATE INDEX ON {{schema}}.submissions (submission);
