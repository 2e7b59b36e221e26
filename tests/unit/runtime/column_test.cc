#include "runtime/column.h"

#include <gtest/gtest.h>

#include "runtime/table.h"

namespace seg::rt {
namespace {

TEST(ColumnTest, TracksValidityAcrossWordBoundaries) {
  Column column(ValueType::kInt);
  for (int row = 0; row < 130; ++row) {
    if (row % 3 == 0) {
      column.AppendNull();
    } else {
      column.AppendInt64(row);
    }
  }
  EXPECT_EQ(column.size(), 130u);
  EXPECT_EQ(column.NullCount(), 44u);
  EXPECT_FALSE(column.IsValid(129));
  EXPECT_TRUE(column.IsValid(128));
  EXPECT_EQ(column.values<int64_t>()[128], 128);
  EXPECT_EQ(column.values<int64_t>()[129], 0);  // a missing slot holds zero
  column.SetValid(129, true);
  EXPECT_TRUE(column.IsValid(129));
}

TEST(ColumnTest, TextUsesFirstAppearanceCodes) {
  Column column(ValueType::kText);
  column.AppendText("b");
  column.AppendText("a");
  column.AppendNull();
  column.AppendText("b");
  EXPECT_EQ(column.values<int32_t>(), (std::vector<int32_t>{0, 1, 0, 0}));
  EXPECT_EQ(column.dictionary().values(), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(column.TextAt(3), "b");
  EXPECT_EQ(column.TextAt(2), "");
  EXPECT_EQ(column.dictionary().Find("a"), 1);
  EXPECT_EQ(column.dictionary().Find("zzz"), -1);
}

TEST(ColumnTest, TagsRowsAreRanges) {
  Column column(ValueType::kTags);
  column.AddTag("vip");
  column.AddTag("eu");
  column.FinishTags();
  column.AppendNull();
  column.FinishTags();  // an empty set
  column.AddTag("eu");
  column.FinishTags();
  ASSERT_EQ(column.size(), 4u);
  EXPECT_EQ(column.tag_offsets(), (std::vector<uint32_t>{0, 2, 2, 2, 3}));
  EXPECT_EQ(column.TagsAt(0).size(), 2u);
  EXPECT_TRUE(column.IsValid(2));
  EXPECT_FALSE(column.IsValid(1));
  EXPECT_EQ(column.TagsAt(3)[0], 1);
}

TEST(ColumnTest, AppendColumnMatchesBuildingInOnePass) {
  std::vector<std::string> values = {"x", "y", "", "z", "x", "w", "", "y"};
  Column whole(ValueType::kId);
  for (const auto& value : values) value.empty() ? whole.AppendNull() : whole.AppendText(value);
  // Split at an odd row so the validity bits must be shifted.
  for (size_t split : {0u, 1u, 3u, 5u, 8u}) {
    Column head(ValueType::kId);
    Column tail(ValueType::kId);
    for (size_t i = 0; i < values.size(); ++i) {
      Column& part = i < split ? head : tail;
      values[i].empty() ? part.AppendNull() : part.AppendText(values[i]);
    }
    head.AppendColumn(tail);
    EXPECT_TRUE(head == whole) << "split at " << split;
  }
}

TEST(ColumnTest, AppendColumnShiftsValidityOverManyWords) {
  Column whole(ValueType::kMoney);
  Column head(ValueType::kMoney);
  Column tail(ValueType::kMoney);
  for (int row = 0; row < 300; ++row) {
    bool valid = (row * 7) % 5 != 0;
    Column& part = row < 77 ? head : tail;
    for (Column* column : {&whole, &part}) valid ? column->AppendInt64(row) : column->AppendNull();
  }
  head.AppendColumn(tail);
  EXPECT_TRUE(head == whole);
}

TEST(ColumnTest, GatherReordersValuesAndValidity) {
  Column column(ValueType::kTags);
  column.AddTag("a");
  column.FinishTags();
  column.AppendNull();
  column.AddTag("b");
  column.AddTag("c");
  column.FinishTags();
  std::vector<uint32_t> rows = {2, 0, 1};
  Column gathered = column.Gather(rows);
  ASSERT_EQ(gathered.size(), 3u);
  EXPECT_EQ(gathered.TagsAt(0).size(), 2u);
  EXPECT_EQ(gathered.dictionary().Value(gathered.TagsAt(1)[0]), "a");
  EXPECT_FALSE(gathered.IsValid(2));
}

TEST(ColumnTest, AppendNullsEqualsAppendingNullsOneByOne) {
  for (ValueType type : {ValueType::kInt, ValueType::kBool, ValueType::kText, ValueType::kTags, ValueType::kFloat}) {
    Column bulk(type);
    Column single(type);
    // Start mid-word with a valid row so the run of missing rows crosses word boundaries.
    for (Column* c : {&bulk, &single}) {
      if (type == ValueType::kTags) {
        c->AddTag("a");
        c->FinishTags();
      } else if (type == ValueType::kText) {
        c->AppendText("x");
      } else {
        c->AppendNull();
      }
    }
    bulk.AppendNulls(130);
    for (int i = 0; i < 130; ++i) single.AppendNull();
    EXPECT_TRUE(bulk == single) << ValueTypeName(type);
    EXPECT_EQ(bulk.size(), 131u);
    EXPECT_EQ(bulk.NullCount(), single.NullCount());
    EXPECT_FALSE(bulk.IsValid(130));
  }
}

TEST(ColumnTest, AppendNullsKeepsTagRowsEmptyAndGatherKeepsThemMissing) {
  Column tags(ValueType::kTags);
  tags.AppendNulls(70);
  ASSERT_EQ(tags.size(), 70u);
  EXPECT_EQ(tags.NullCount(), 70u);
  EXPECT_EQ(tags.TagsAt(69).size(), 0u);
  std::vector<uint32_t> rows = {69, 0, 5};
  Column gathered = tags.Gather(rows);
  Column expected(ValueType::kTags);
  expected.AppendNulls(3);
  EXPECT_TRUE(gathered == expected);
}

TEST(ColumnTest, UnloadedColumnIsMissingRowsWithoutAValueBuffer) {
  for (ValueType type : {ValueType::kInt, ValueType::kBool, ValueType::kText, ValueType::kTags, ValueType::kDate}) {
    Column unloaded = Column::Unloaded(type, 130);
    Column built(type);
    built.AppendNulls(130);
    EXPECT_TRUE(unloaded == built) << ValueTypeName(type);
    EXPECT_EQ(unloaded.size(), 130u);
    EXPECT_EQ(unloaded.NullCount(), 130u);
    EXPECT_FALSE(unloaded.IsValid(129));
    EXPECT_EQ(unloaded.TextAt(5), "");
    // Tags rows need offsets, so only the other types go without a buffer.
    EXPECT_EQ(unloaded.unloaded(), type != ValueType::kTags) << ValueTypeName(type);
    if (type == ValueType::kInt) EXPECT_TRUE(unloaded.values<int64_t>().empty());
    // Nor a bitmap of its own: the validity views zero pages (rt::ZeroBuffer), and so do a tags
    // column's offsets (every row an empty range).
    EXPECT_TRUE(unloaded.validity().viewing()) << ValueTypeName(type);
    if (type == ValueType::kTags) {
      EXPECT_TRUE(unloaded.tag_offsets().viewing());
      EXPECT_EQ(unloaded.tag_offsets().size(), 131u);
      EXPECT_TRUE(unloaded.TagsAt(129).empty());
    }

    std::vector<uint32_t> rows = {129, 0, 7, 7};
    Column gathered = unloaded.Gather(rows);
    Column expected(type);
    expected.AppendNulls(4);
    EXPECT_TRUE(gathered == expected) << ValueTypeName(type);
    EXPECT_EQ(gathered.unloaded(), type != ValueType::kTags);
  }
}

TEST(ColumnTest, AppendingToAnUnloadedColumnFillsItsBufferFirst) {
  Column ints = Column::Unloaded(ValueType::kInt, 3);
  ints.AppendInt64(42);
  EXPECT_FALSE(ints.unloaded());
  ASSERT_EQ(ints.values<int64_t>().size(), 4u);
  EXPECT_EQ(ints.values<int64_t>()[0], 0);
  EXPECT_EQ(ints.values<int64_t>()[3], 42);
  EXPECT_TRUE(ints.IsValid(3));
  EXPECT_FALSE(ints.IsValid(2));

  Column text(ValueType::kText);
  text.AppendText("a");
  text.AppendColumn(Column::Unloaded(ValueType::kText, 2));
  text.AppendText("b");
  Column expected(ValueType::kText);
  expected.AppendText("a");
  expected.AppendNull();
  expected.AppendNull();
  expected.AppendText("b");
  EXPECT_TRUE(text == expected);

  Column grown = Column::Unloaded(ValueType::kFloat, 65);
  grown.AppendNulls(70);
  EXPECT_TRUE(grown.unloaded());
  grown.SetValid(3, true);
  EXPECT_FALSE(grown.unloaded());
  EXPECT_EQ(grown.values<double>().size(), 135u);
  EXPECT_FALSE(grown.validity().viewing());
  EXPECT_TRUE(grown.IsValid(3));
  EXPECT_EQ(grown.NullCount(), 134u);

  // Changing the bitmap of one copy leaves the zero pages, and every other copy, as they were.
  Column unloaded = Column::Unloaded(ValueType::kInt, 200);
  Column copy = unloaded;
  copy.SetValid(199, true);
  copy.SetValid(0, false);
  EXPECT_TRUE(copy.IsValid(199));
  EXPECT_EQ(copy.NullCount(), 199u);
  EXPECT_EQ(unloaded.NullCount(), 200u);
  EXPECT_TRUE(unloaded.validity().viewing());
  Column ones = Column::Unloaded(ValueType::kBool, 64);
  ones.AppendBool(true);
  EXPECT_TRUE(ones.IsValid(64));
  EXPECT_EQ(ones.NullCount(), 64u);
}

TEST(ColumnTest, AnUnloadedTagsColumnTakesRowsAsABuiltOneDoes) {
  // Its offsets view zero pages: the first change copies them, and a copy of the column is
  // unchanged by it.
  auto tagged = [](Column column) {
    column.AppendNull();
    column.AddTag("vip");
    column.AddTag("new");
    column.FinishTags();
    column.AppendColumn(Column::Unloaded(ValueType::kTags, 3));
    column.AddTag("vip");
    column.FinishTags();
    return column;
  };
  Column built(ValueType::kTags);
  built.AppendNulls(70);
  Column unloaded = Column::Unloaded(ValueType::kTags, 70);
  Column kept = unloaded;
  Column grown = tagged(unloaded);
  EXPECT_TRUE(grown == tagged(built));
  EXPECT_FALSE(grown.tag_offsets().viewing());
  ASSERT_EQ(grown.size(), 76u);
  EXPECT_EQ(grown.TagsAt(71).size(), 2u);
  EXPECT_TRUE(grown.TagsAt(72).empty());
  EXPECT_EQ(grown.TagsAt(75).size(), 1u);
  EXPECT_EQ(grown.NullCount(), 74u);
  EXPECT_TRUE(kept.tag_offsets().viewing());
  EXPECT_TRUE(kept == built);
}

TEST(TableTest, LooksUpColumnsByName) {
  Table table("orders");
  table.AddColumn("id", ValueType::kId).AppendText("c1");
  table.AddColumn("amount", ValueType::kMoney).AppendInt64(10);
  EXPECT_EQ(table.num_rows(), 1u);
  EXPECT_EQ(table.FindColumnIndex("amount"), 1);
  EXPECT_EQ(table.FindColumnIndex("Amount"), -1);
  EXPECT_EQ(table.FindColumn("missing"), nullptr);
  EXPECT_EQ(table.column_name(0), "id");
}

}  // namespace
}  // namespace seg::rt
