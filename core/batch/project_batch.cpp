#include "core/batch/project_batch.h"

#include "core/project/project.h"
#include "core/util/errors.h"

namespace sam3::batch {

ProjectBatch project_batch(const std::filesystem::path& project, const std::string& split) {
  const bool all = split == "all";
  const project::Split want = all ? project::Split::None : project::split_from_string(split);
  const project::Project store = project::Project::open(project);
  ProjectBatch out;
  for (const auto& c : store.classes())
    out.prompts.push_back({c.prompt.empty() ? c.name : c.prompt, c.id});
  if (out.prompts.empty())
    throw InvalidInput("project " + project.string() + " has no class to predict (add a class)");
  for (const auto& p : store.photos()) {
    if (!all && p.split != want) continue;
    out.photos.push_back({store.photo_path(p), p.id, p.original_name});
  }
  return out;
}

}  // namespace sam3::batch
