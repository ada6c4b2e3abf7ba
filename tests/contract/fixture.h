// A contract test with one congress, two sessions, an agenda item and
// three delegates already stored (through the congress port).
#pragma once

#include "backend.h"

namespace phonghop::contract {

class CongressWorld : public RepositoryContract {
 protected:
  void SetUp() override {
    RepositoryContract::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto& repo = backend().congresses();
    congress::Congress c;
    c.slug = "dh";
    c.name = "Đại hội";
    auto id = repo.CreateCongress(c);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    cid_ = *id;
    sid_ = *repo.AddSession({0, cid_, 0, "Phiên 1", "2027-01-01", "08:00", ""});
    sid2_ = *repo.AddSession({0, cid_, 0, "Phiên 2", "2027-01-02", "08:00", ""});
    item_ = *repo.AddAgendaItem({0, sid_, 0, "08:00", "Thảo luận", "", ""});
    std::vector<congress::Delegate> ds(3);
    const char* names[] = {"Lâm Ngọc Ánh", "Trần Văn Bình", "Khách mời"};
    for (int i = 0; i < 3; ++i) {
      ds[i].badge = std::to_string(i + 1);
      ds[i].full_name = names[i];
    }
    ds[2].kind = congress::DelegateKind::kInvited;
    ASSERT_TRUE(repo.UpsertDelegates(cid_, {}, ds).ok());
    auto list = *repo.ListDelegates(cid_);
    for (const auto& d : list) delegates_.push_back(d.id);
  }
  int64_t cid_ = 0, sid_ = 0, sid2_ = 0, item_ = 0;
  std::vector<int64_t> delegates_;  // badge order: official, official, invited
};

}  // namespace phonghop::contract
