//! The pest parser, private to `syntax`: nothing outside this module sees `Rule` or pairs.

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/proviso.pest"]
pub(super) struct ProvisoParser;

/// What a rule is called in an error message ("expected ...").
pub(super) fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "the end of the file",
        Rule::WHITESPACE => "whitespace",
        Rule::COMMENT => "a comment",
        Rule::file => "a clause file",
        Rule::item => "a declaration or a section",
        Rule::document_decl => "`document`",
        Rule::source_decl => "`source`",
        Rule::party_decl => "`party`",
        Rule::enum_decl => "`enum`",
        Rule::enum_variant => "an enumeration value",
        Rule::facts_decl => "`facts`",
        Rule::records_decl => "`records`",
        Rule::market_series_decl => "`market series`",
        Rule::event_decl => "`event`",
        Rule::field_decl => "a field (`name: type`)",
        Rule::optional_marker => "`optional`",
        Rule::signed_marker => "`signed`",
        Rule::requirement => "`require`",
        Rule::require_operand => "a field or a literal",
        Rule::require_field => "a field name",
        Rule::require_literal => "a literal",
        Rule::require_op => "`<`, `<=`, `>` or `>=`",
        Rule::rejection => "`reject`",
        Rule::type_expr => "a type",
        Rule::ty_list => "`list of`",
        Rule::ty_usd_per_share => "`USD per share`",
        Rule::ty_usd => "`USD`",
        Rule::ty_shares => "`shares`",
        Rule::ty_number => "`number`",
        Rule::ty_percent => "`percent`",
        Rule::ty_rate => "`rate per annum`",
        Rule::ty_date => "`date`",
        Rule::ty_datetime => "`datetime`",
        Rule::ty_time => "`time`",
        Rule::precedence => "`notwithstanding` or `subject to`",
        Rule::notwithstanding => "`notwithstanding`",
        Rule::anything_contrary => "`anything to the contrary`",
        Rule::subject_to => "`subject to`",
        Rule::def_when => "`when`",
        Rule::right => "`right`",
        Rule::right_field => "a field of a right",
        Rule::finding => "`finding`",
        Rule::finding_field => "a field of a finding (`when`, `on`, `interpretation`)",
        Rule::fd_on => "`on`",
        Rule::rt_holder => "`exercisable by`",
        Rule::rt_against => "`against`",
        Rule::rt_from => "`from`",
        Rule::rt_until => "`until`",
        Rule::rt_exercised => "`exercised by`",
        Rule::evaluation_date => "`the evaluation date`",
        Rule::days_between => "`the trading days after … through …`",
        Rule::days_trading => "`trading days`",
        Rule::days_calendar => "`calendar days`",
        Rule::days_business => "`business days`",
        Rule::monthly_anniversaries => "`the monthly anniversaries of … through …`",
        Rule::op_shift_business => "`N business days after`",
        Rule::through => "`through`",
        Rule::each_query => "`each …`",
        Rule::first_query => "`the first …` or `the last …`",
        Rule::query_body => "an event or records name",
        Rule::query_before => "`before`",
        Rule::query_where => "`where`",
        Rule::field_of => "`the … of`",
        Rule::tiered => "`tiered`",
        Rule::tier => "a tier (`first 3 at $50`)",
        Rule::tier_first => "`first`",
        Rule::tier_next => "`next`",
        Rule::tier_rest => "`thereafter`",
        Rule::day_of => "`day of`",
        Rule::time_of => "`time of`",
        Rule::time_lit => "a time of day",
        Rule::text_lit => "a text in single quotes",
        Rule::text_lit_inner => "text",
        Rule::clock => "a time (`6:30`)",
        Rule::meridiem => "`a.m.` or `p.m.`",
        Rule::ty_bool => "`bool`",
        Rule::ty_text => "`text`",
        Rule::ty_party => "`party`",
        Rule::ty_trading_days => "`trading days`",
        Rule::ty_calendar_days => "`calendar days`",
        Rule::ty_named => "a type name",
        Rule::section => "`section`",
        Rule::section_item => {
            "`quote`, `interpretation`, `not computable`, `trading days are`, `business days are`, `define`, `obligation`, `right` or `reject`"
        }
        Rule::quote => "`quote`",
        Rule::interpretation => "`interpretation`",
        Rule::not_computable => "`not computable because`",
        Rule::trading_day_rule => "`trading days are market rows with`",
        Rule::business_day_rule => "`business days are weekdays except the holidays in`",
        Rule::definition => "`define`",
        Rule::params => "`(` and parameters, or `:` and a type",
        Rule::param => "a parameter (`name: type`)",
        Rule::obligation => "`obligation`",
        Rule::for_each => "`for each`",
        Rule::obligation_field => "an obligation field",
        Rule::ob_when => "`when`",
        Rule::ob_obligor => "`obligor`",
        Rule::ob_obligee => "`obligee`",
        Rule::ob_kind => "`kind`",
        Rule::ob_amount => "`amount`",
        Rule::ob_due => "`due`",
        Rule::ob_fulfilled => "`fulfilled by`",
        Rule::match_field => "`field = value`",
        Rule::expr => "an expression",
        Rule::infix_op => "an operator",
        Rule::op_not_less_than => "`not less than`",
        Rule::op_not_more_than => "`not more than`",
        Rule::op_or => "`or`",
        Rule::op_and => "`and`",
        Rule::op_le => "`<=`",
        Rule::op_ge => "`>=`",
        Rule::op_ne => "`<>`",
        Rule::op_eq => "`=`",
        Rule::op_lt => "`<`",
        Rule::op_gt => "`>`",
        Rule::op_in => "`in`",
        Rule::op_add => "`+`",
        Rule::op_sub => "`-`",
        Rule::op_mul => "`×`",
        Rule::op_div => "`/`",
        Rule::op_pow => "`^`",
        Rule::op_otherwise => "`otherwise`",
        Rule::prefix_op => "a prefix",
        Rule::op_not => "`not`",
        Rule::op_neg => "`-`",
        Rule::op_aggregate => "`average of`, `sum of`, `lowest of`, `highest of` or `count of`",
        Rule::aggregate_kind => "an aggregate",
        Rule::op_select => "`the N lowest of`",
        Rule::select_kind => "`lowest` or `highest`",
        Rule::op_window => "`the N trading days before`, `ending on` or `starting on`",
        Rule::op_shift => "`N trading days after`",
        Rule::shift_direction => "`after` or `before`",
        Rule::op_map => "`\"Term\" over`",
        Rule::operand => "a value",
        Rule::if_expr => "`if`",
        Rule::lesser_of => "`lesser of`",
        Rule::greater_of => "`greater of`",
        Rule::round_expr => "`round`",
        Rule::precision => "a rounding precision (`cent`, `1/100th of a share`, `whole share`)",
        Rule::prec_cent => "`cent`",
        Rule::prec_hundredth_share => "`1/100th of a share`",
        Rule::prec_whole_share => "`whole share`",
        Rule::rounding_mode => "a rounding mode (`half up`, `half even`, `down`, `up`)",
        Rule::mode_half_up => "`half up`",
        Rule::mode_half_even => "`half even`",
        Rule::mode_down => "`down`",
        Rule::mode_up => "`up`",
        Rule::market_value => "`market`",
        Rule::or_before => "`or before`",
        Rule::year_fraction => "`year fraction`",
        Rule::accrual => "`accrued at … on … from …`",
        Rule::paid_day => "`the day … is paid by …`",
        Rule::day_count_basis => "a day-count basis (`actual/360`, `actual/365`, `30/360`)",
        Rule::term_call => "a defined term in quotes",
        Rule::args => "arguments",
        Rule::path => "a name",
        Rule::literal => "a literal",
        Rule::money_lit => "an amount of money (`$1,000`)",
        Rule::money_amount => "an amount of money (`$1,000`)",
        Rule::per_share => "`per share`",
        Rule::percent_lit => "a percentage (`4%`)",
        Rule::percent_amount => "a percentage (`4%`)",
        Rule::per_annum => "`per annum`",
        Rule::date_lit => "a date (`2002-06-03`)",
        Rule::duration_lit => "a duration (`3 trading days`)",
        Rule::duration_unit => "`trading days` or `calendar days`",
        Rule::unit_trading_days => "`trading days`",
        Rule::unit_calendar_days => "`calendar days`",
        Rule::shares_lit => "a number of shares (`100 shares`)",
        Rule::bool_lit => "`true` or `false`",
        Rule::number => "a number",
        Rule::number_text => "a number",
        Rule::integer => "a whole number",
        Rule::string => "a quoted name",
        Rule::string_inner => "text",
        Rule::text_block => "a `\"\"\"` text block",
        Rule::text_block_inner => "text",
        Rule::word => "a name",
        Rule::ident => "a name",
        Rule::field_name => "a field name",
        Rule::keyword => "a keyword",
        Rule::kw_document => "`document`",
        Rule::kw_party => "`party`",
        Rule::kw_enum => "`enum`",
        Rule::kw_facts => "`facts`",
        Rule::kw_records => "`records`",
        Rule::kw_keyed => "`keyed`",
        Rule::kw_by => "`by`",
        Rule::kw_under => "`under`",
        Rule::kw_event => "`event`",
        Rule::kw_optional => "`optional`",
        Rule::kw_list => "`list`",
        Rule::kw_usd => "`USD`",
        Rule::kw_per => "`per`",
        Rule::kw_share => "`share`",
        Rule::kw_shares => "`shares`",
        Rule::kw_number => "`number`",
        Rule::kw_percent => "`percent`",
        Rule::kw_rate => "`rate`",
        Rule::kw_annum => "`annum`",
        Rule::kw_date => "`date`",
        Rule::kw_bool => "`bool`",
        Rule::kw_text => "`text`",
        Rule::kw_trading => "`trading`",
        Rule::kw_calendar => "`calendar`",
        Rule::kw_days => "`days`",
        Rule::kw_day => "`day`",
        Rule::kw_section => "`section`",
        Rule::kw_quote => "`quote`",
        Rule::kw_interpretation => "`interpretation`",
        Rule::kw_define => "`define`",
        Rule::kw_obligation => "`obligation`",
        Rule::kw_for => "`for`",
        Rule::kw_each => "`each`",
        Rule::kw_when => "`when`",
        Rule::kw_obligor => "`obligor`",
        Rule::kw_obligee => "`obligee`",
        Rule::kw_kind => "`kind`",
        Rule::kw_amount => "`amount`",
        Rule::kw_due => "`due`",
        Rule::kw_fulfilled => "`fulfilled`",
        Rule::kw_with => "`with`",
        Rule::kw_if => "`if`",
        Rule::kw_then => "`then`",
        Rule::kw_else => "`else`",
        Rule::kw_lesser => "`lesser`",
        Rule::kw_greater => "`greater`",
        Rule::kw_of => "`of`",
        Rule::kw_in => "`in`",
        Rule::kw_ending => "`ending`",
        Rule::kw_last => "`last`",
        Rule::kw_month => "`month`",
        Rule::kw_months => "`months`",
        Rule::kw_years => "`years`",
        Rule::op_shift_months => "`N months after`",
        Rule::month_count => "a number of months or years",
        Rule::month_unit => "`months` or `years`",
        Rule::window_length => "the length of a window (a whole number of Trading Days, or a fact)",
        Rule::window_ending => "`ending on`",
        Rule::window_starting => "`starting on`",
        Rule::postfix_op => "`, not before`",
        Rule::op_not_before => "`, not before`",
        Rule::window_bound => "the date a window may not begin before",
        Rule::kw_and => "`and`",
        Rule::kw_or => "`or`",
        Rule::kw_not => "`not`",
        Rule::kw_less => "`less`",
        Rule::kw_more => "`more`",
        Rule::kw_than => "`than`",
        Rule::kw_round => "`round`",
        Rule::kw_to => "`to`",
        Rule::kw_the => "`the`",
        Rule::kw_a => "`a`",
        Rule::kw_nearest => "`nearest`",
        Rule::kw_cent => "`cent`",
        Rule::kw_whole => "`whole`",
        Rule::kw_half => "`half`",
        Rule::kw_up => "`up`",
        Rule::kw_even => "`even`",
        Rule::kw_down => "`down`",
        Rule::kw_market => "`market`",
        Rule::kw_series => "`series`",
        Rule::kw_on => "`on`",
        Rule::kw_before => "`before`",
        Rule::kw_after => "`after`",
        Rule::kw_over => "`over`",
        Rule::kw_average => "`average`",
        Rule::kw_sum => "`sum`",
        Rule::kw_lowest => "`lowest`",
        Rule::kw_highest => "`highest`",
        Rule::kw_count => "`count`",
        Rule::kw_year => "`year`",
        Rule::kw_fraction => "`fraction`",
        Rule::kw_from => "`from`",
        Rule::kw_true => "`true`",
        Rule::kw_false => "`false`",
        Rule::kw_otherwise => "`otherwise`",
        Rule::kw_notwithstanding => "`notwithstanding`",
        Rule::kw_anything => "`anything`",
        Rule::kw_contrary => "`contrary`",
        Rule::kw_subject => "`subject`",
        Rule::kw_right => "`right`",
        Rule::kw_finding => "`finding`",
        Rule::kw_covered => "`covered`",
        Rule::kw_all => "`all`",
        Rule::kw_any => "`any`",
        Rule::op_quantifier => "`all of` or `any of`",
        Rule::covered_days => "`the calendar days covered by …`",
        Rule::nth_day => "`day N of …`",
        Rule::kw_exercisable => "`exercisable`",
        Rule::kw_promptly => "`promptly`",
        Rule::kw_use => "`use`",
        Rule::use_decl => "`use … from …`",
        Rule::use_name => "a name (a defined term in quotes, or a declaration's name)",
        Rule::kw_given => "`given`",
        Rule::kw_excludes => "`excludes`",
        Rule::due_promptly => "`promptly`",
        Rule::if_given => "`if given`",
        Rule::rt_excludes => "`excludes`",
        Rule::kw_against => "`against`",
        Rule::kw_until => "`until`",
        Rule::kw_exercised => "`exercised`",
        Rule::kw_evaluation => "`evaluation`",
        Rule::kw_through => "`through`",
        Rule::kw_first => "`first`",
        Rule::kw_where => "`where`",
        Rule::kw_tiered => "`tiered`",
        Rule::kw_next => "`next`",
        Rule::kw_at => "`at`",
        Rule::kw_thereafter => "`thereafter`",
        Rule::kw_datetime => "`datetime`",
        Rule::kw_time => "`time`",
        Rule::kw_signed => "`signed`",
        Rule::kw_require => "`require`",
        Rule::kw_because => "`because`",
        Rule::kw_reject => "`reject`",
        Rule::kw_accrued => "`accrued`",
        Rule::kw_paid => "`paid`",
        Rule::kw_payment => "`payment`",
        Rule::kw_findings => "`findings`",
        Rule::kw_product => "`product`",
        Rule::payment_day => "`the payment day`",
        Rule::finding_days => "`the days of findings …`",
        Rule::kw_is => "`is`",
        Rule::kw_source => "`source`",
        Rule::kw_starting => "`starting`",
        Rule::kw_computable => "`computable`",
        Rule::kw_are => "`are`",
        Rule::kw_rows => "`rows`",
        Rule::kw_business => "`business`",
        Rule::kw_weekdays => "`weekdays`",
        Rule::kw_except => "`except`",
        Rule::kw_holidays => "`holidays`",
        Rule::kw_monthly => "`monthly`",
        Rule::kw_anniversaries => "`anniversaries`",
    }
}

/// Keyword tokens carry no information for lowering and are skipped.
pub(super) fn is_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_document
            | Rule::kw_party
            | Rule::kw_enum
            | Rule::kw_facts
            | Rule::kw_records
            | Rule::kw_keyed
            | Rule::kw_by
            | Rule::kw_under
            | Rule::kw_event
            | Rule::kw_optional
            | Rule::kw_list
            | Rule::kw_usd
            | Rule::kw_per
            | Rule::kw_share
            | Rule::kw_shares
            | Rule::kw_number
            | Rule::kw_percent
            | Rule::kw_rate
            | Rule::kw_annum
            | Rule::kw_date
            | Rule::kw_notwithstanding
            | Rule::kw_anything
            | Rule::kw_contrary
            | Rule::kw_subject
            | Rule::kw_right
            | Rule::kw_finding
            | Rule::kw_covered
            | Rule::kw_all
            | Rule::kw_any
            | Rule::kw_exercisable
            | Rule::kw_promptly
            | Rule::kw_use
            | Rule::kw_given
            | Rule::kw_excludes
            | Rule::kw_against
            | Rule::kw_until
            | Rule::kw_exercised
            | Rule::kw_evaluation
            | Rule::kw_through
            | Rule::kw_first
            | Rule::kw_where
            | Rule::kw_tiered
            | Rule::kw_next
            | Rule::kw_at
            | Rule::kw_thereafter
            | Rule::kw_datetime
            | Rule::kw_time
            | Rule::kw_bool
            | Rule::kw_text
            | Rule::kw_trading
            | Rule::kw_calendar
            | Rule::kw_days
            | Rule::kw_day
            | Rule::kw_section
            | Rule::kw_quote
            | Rule::kw_interpretation
            | Rule::kw_define
            | Rule::kw_obligation
            | Rule::kw_for
            | Rule::kw_each
            | Rule::kw_when
            | Rule::kw_obligor
            | Rule::kw_obligee
            | Rule::kw_kind
            | Rule::kw_amount
            | Rule::kw_due
            | Rule::kw_fulfilled
            | Rule::kw_with
            | Rule::kw_if
            | Rule::kw_then
            | Rule::kw_else
            | Rule::kw_lesser
            | Rule::kw_greater
            | Rule::kw_of
            | Rule::kw_in
            | Rule::kw_ending
            | Rule::kw_last
            | Rule::kw_month
            | Rule::kw_months
            | Rule::kw_years
            | Rule::kw_and
            | Rule::kw_or
            | Rule::kw_not
            | Rule::kw_less
            | Rule::kw_more
            | Rule::kw_than
            | Rule::kw_round
            | Rule::kw_to
            | Rule::kw_the
            | Rule::kw_a
            | Rule::kw_nearest
            | Rule::kw_cent
            | Rule::kw_whole
            | Rule::kw_half
            | Rule::kw_up
            | Rule::kw_even
            | Rule::kw_down
            | Rule::kw_market
            | Rule::kw_series
            | Rule::kw_on
            | Rule::kw_before
            | Rule::kw_after
            | Rule::kw_over
            | Rule::kw_average
            | Rule::kw_sum
            | Rule::kw_lowest
            | Rule::kw_highest
            | Rule::kw_count
            | Rule::kw_year
            | Rule::kw_fraction
            | Rule::kw_from
            | Rule::kw_true
            | Rule::kw_false
            | Rule::kw_otherwise
            | Rule::kw_signed
            | Rule::kw_require
            | Rule::kw_because
            | Rule::kw_reject
            | Rule::kw_accrued
            | Rule::kw_paid
            | Rule::kw_payment
            | Rule::kw_findings
            | Rule::kw_product
            | Rule::kw_is
            | Rule::kw_source
            | Rule::kw_starting
            | Rule::kw_computable
            | Rule::kw_are
            | Rule::kw_rows
            | Rule::kw_business
            | Rule::kw_weekdays
            | Rule::kw_except
            | Rule::kw_holidays
            | Rule::kw_monthly
            | Rule::kw_anniversaries
    )
}

/// Infix operators (and the `not` that starts `not less than`, and a window's `, not before`),
/// collapsed in error messages.
pub(super) fn is_operator(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::op_not_less_than
            | Rule::op_not_before
            | Rule::op_not_more_than
            | Rule::op_or
            | Rule::op_and
            | Rule::op_le
            | Rule::op_ge
            | Rule::op_ne
            | Rule::op_eq
            | Rule::op_lt
            | Rule::op_gt
            | Rule::op_add
            | Rule::op_sub
            | Rule::op_mul
            | Rule::op_div
            | Rule::op_otherwise
            | Rule::kw_not
            | Rule::kw_or
            | Rule::kw_and
            | Rule::kw_otherwise
    )
}
