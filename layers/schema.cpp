#include "layers/schema.hpp"

#include <numeric>
#include <stdexcept>

namespace wangge::layers {
namespace {

using FT = FieldType;

LayerSchema region_schema(LayerKind kind, std::string table, std::vector<std::string> code_aliases,
                          std::vector<std::string> name_aliases) {
    for (const char* a : {"CODE", "XZQDM", "区划代码", "代码", "编码"}) code_aliases.emplace_back(a);
    for (const char* a : {"NAME", "MC", "XZQMC", "名称"}) name_aliases.emplace_back(a);
    return {kind,
            std::move(table),
            GeometryKind::polygon,
            {{"code", FT::text, true, std::move(code_aliases)},
             {"name", FT::text, false, std::move(name_aliases)}}};
}

// Field aliases: the CJ/T 214 generation, the GB/T 47678.5 generation and the Chinese names
// (domain.md §2). Matching is case-insensitive.
std::vector<LayerSchema> build_schemas() {
    std::vector<LayerSchema> s;
    s.push_back(region_schema(LayerKind::districts, "districts", {"QXDM", "DISTRICT", "区代码", "区县代码"},
                              {"QXMC", "区名称", "区县名称"}));
    s.push_back(
        region_schema(LayerKind::streets, "streets", {"JDDM", "STREET", "街道代码"}, {"JDMC", "街道名称"}));
    s.push_back(region_schema(LayerKind::communities, "communities", {"SQDM", "COMMUNITY", "社区代码"},
                              {"SQMC", "社区名称"}));
    s.push_back({LayerKind::grids,
                 "grids",
                 GeometryKind::polygon,
                 {
                     {"code",
                      FT::text,
                      true,
                      {"BGID", "BGCODE", "GRIDCODE", "GRID_CODE", "DYWGBSM", "单元网格标识码", "网格编码",
                       "网格代码"}},
                     {"name", FT::text, false, {"GRIDNAME", "WGMC", "网格名称", "NAME"}},
                     {"initial_date", FT::date, false, {"ORDate", "CSRQ", "初始日期"}},
                     {"termination_date", FT::date, false, {"TERMDATE", "ZZRQ", "终止日期"}},
                     {"region_class", FT::text, false, {"QYLB", "CLASS", "区域类别", "区域类型"}},
                     // The code as the file gave it, before legacy codes were padded.
                     {"source_code", FT::text, false, {}, true},
                     // The district the grid belongs to: its code's, or the one it was submitted for.
                     {"district", FT::text, false, {}, true},
                 }});
    s.push_back({LayerKind::components,
                 "components",
                 GeometryKind::point,
                 {
                     {"code", FT::text, true, {"ObjID", "GLBJBSM", "部件标识码", "BJBSM"}},
                     {"name", FT::text, true, {"ObjName", "GLBJMC", "部件名称"}},
                     {"dept_code", FT::text, true, {"DeptCode1", "ZGBMDM", "主管部门代码"}},
                     {"dept_name", FT::text, true, {"DeptName1", "ZGBMMC", "主管部门", "主管部门名称"}},
                     {"owner_code", FT::text, false, {"DeptCode2", "QSDWDM", "权属单位代码"}},
                     {"owner_name", FT::text, false, {"DeptName2", "QSDWMC", "权属单位", "权属单位名称"}},
                     {"maint_code", FT::text, false, {"DeptCode3", "YHDWDM", "养护单位代码"}},
                     {"maint_name", FT::text, false, {"DeptName3", "YHDWMC", "养护单位", "养护单位名称"}},
                     {"grid_code", FT::text, true, {"BGID", "BGCODE", "SZDYWGBSM", "所在单元网格"}},
                     {"state", FT::text, true, {"ObjState", "GLBJZT", "部件状态"}},
                     {"initial_date", FT::date, true, {"ORDate", "CSRQ", "初始日期"}},
                     {"change_date", FT::date, false, {"CHDate", "BGRQ", "变更日期"}},
                     {"source", FT::text, false, {"DataSource", "SJLY", "数据来源"}},
                     {"note", FT::text, false, {"Note", "BZ", "备注"}},
                     // The district whose census submission holds the component.
                     {"district", FT::text, false, {}, true},
                 }});
    s.push_back({LayerKind::cases,
                 "cases",
                 GeometryKind::point,
                 {
                     {"case_id", FT::text, true, {"AJBH", "TASKNUM", "案件编号", "案卷编号"}},
                     {"source", FT::text, false, {"AJLY", "案件来源"}},
                     {"kind", FT::text, false, {"AJLX", "案件类型"}},
                     {"class_code", FT::text, false, {"LBDM", "类别代码", "小类代码"}},
                     {"grid_code", FT::text, false, {"BGID", "所在单元网格", "单元网格"}},
                     {"reporter_id", FT::text, false, {"上报人"}},
                     {"reported_at", FT::timestamp, true, {"上报时间"}},
                     {"verify_sent_at", FT::timestamp, false, {"核实派发时间"}},
                     {"verified_at", FT::timestamp, false, {"核实时间"}},
                     {"verifier_id", FT::text, false, {"核实人"}},
                     {"filed_at", FT::timestamp, false, {"立案时间"}},
                     {"filer_id", FT::text, false, {"立案人"}},
                     {"dispatched_at", FT::timestamp, false, {"派遣时间"}},
                     {"dispatcher_id", FT::text, false, {"派遣人"}},
                     {"dept_code", FT::text, false, {"处置部门", "处置部门代码"}},
                     {"deadline", FT::timestamp, false, {"处置时限", "截止时间"}},
                     {"disposed_at", FT::timestamp, false, {"处置时间"}},
                     {"check_sent_at", FT::timestamp, false, {"核查派发时间"}},
                     {"checked_at", FT::timestamp, false, {"核查时间"}},
                     {"checker_id", FT::text, false, {"核查人"}},
                     {"closed_at", FT::timestamp, false, {"结案时间"}},
                     {"rework", FT::integer, false, {"返工次数"}},
                     {"voided", FT::boolean, false, {"作废"}},
                     {"supervised", FT::boolean, false, {"督办"}},
                     {"suspended", FT::boolean, false, {"挂账"}},
                     {"satisfaction", FT::text, false, {"满意度"}},
                 }});
    s.push_back({LayerKind::roster,
                 "roster",
                 GeometryKind::none,
                 {
                     {"person_id", FT::text, true, {"人员编号", "工号"}},
                     {"name", FT::text, false, {"姓名"}},
                     {"role", FT::text, true, {"岗位", "角色"}},
                     {"grids", FT::text, false, {"责任网格", "网格"}},
                     {"shift", FT::text, false, {"班次"}},
                 }});
    return s;
}

const std::vector<LayerSchema>& schemas() {
    static const std::vector<LayerSchema> all = build_schemas();
    return all;
}

constexpr std::string_view kind_names[] = {"districts",  "streets", "communities", "grids",
                                           "components", "cases",   "roster"};

} // namespace

void Record::assign(const RecordView& view) {
    values.resize(view.values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        auto& v = values[i];
        if (!view.values[i])
            v.reset();
        else if (v) // the string's buffer reused: a dozen timestamps a row
            v->assign(*view.values[i]);
        else
            v.emplace(*view.values[i]);
    }
    wkb.assign(view.wkb);
    x = view.x, y = view.y;
    row = view.row, fid = view.fid;
    geometry_problem.assign(view.geometry_problem);
}

std::vector<std::size_t> every_field(const LayerSchema& schema) {
    std::vector<std::size_t> all(schema.fields.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    return all;
}

std::function<void(const RecordView&)> as_records(const std::function<void(const Record&)>& visit) {
    return [&visit, r = Record{}](const RecordView& view) mutable {
        r.assign(view);
        visit(r);
    };
}

std::size_t LayerSchema::index(std::string_view canonical) const {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].canonical == canonical) return i;
    throw std::out_of_range("layer " + table + " has no field " + std::string(canonical));
}

const LayerSchema& schema_of(LayerKind kind) {
    return schemas()[static_cast<std::size_t>(kind)];
}

std::optional<LayerKind> parse_layer_kind(std::string_view name) {
    for (std::size_t i = 0; i < std::size(kind_names); ++i)
        if (kind_names[i] == name) return static_cast<LayerKind>(i);
    return std::nullopt;
}

std::string_view layer_name(LayerKind kind) {
    return kind_names[static_cast<std::size_t>(kind)];
}

} // namespace wangge::layers
