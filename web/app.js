// The merchant's page. The core runs in a Web Worker; the page gets a compact result (typed arrays
// + one text line per order) and asks for one order's full JSON when a row is opened.
// Every value from the paste or the core is written with textContent, never as HTML.
(function () {
  'use strict';

  var META = self.LANSHOU_META || {codes: {status: [], finding: [], fix: []}, samples: [], reasons: [], kinds: [], slots: {}, couriers: []};
  // The core's codes in the order of its compact arrays (written by scripts/build-site.mjs from the
  // core's own source): status i, finding bit i, fix path i.
  var STATUS_CODES = META.codes.status, FINDING_CODES = META.codes.finding, FIX_CODES = META.codes.fix;
  var S = {};
  STATUS_CODES.forEach(function (code, i) { S[code] = i; });
  function statusSet(codes) {
    var set = new Uint8Array(STATUS_CODES.length + 1);
    codes.forEach(function (c) { if (S[c] >= 0) set[S[c]] = 1; });
    return set;
  }
  // the six statuses with a clock, the three of them on the ship clock, the two overdue ones
  var CLOCK = statusSet(['awaiting_shipment', 'ship_due_soon', 'ship_overdue', 'awaiting_pickup', 'pickup_due_soon', 'pickup_overdue']);
  var SHIP = statusSet(['awaiting_shipment', 'ship_due_soon', 'ship_overdue']);
  var OVERDUE = statusSet(['ship_overdue', 'pickup_overdue']);
  var SOON = statusSet(['ship_due_soon', 'pickup_due_soon']);
  var FIX_DIRECT = FIX_CODES.indexOf('modify_direct');

  // Chinese label, tone, English label (the urgency order of the rows is the worker's)
  var STATUS = {
    awaiting_shipment: ['待发货', 'ok', 'To ship'],
    ship_due_soon: ['即将发货超时', 'warn', 'Ship due soon'],
    ship_overdue: ['发货超时', 'bad', 'Ship overdue'],
    awaiting_pickup: ['待揽收', 'ok', 'Awaiting pickup'],
    pickup_due_soon: ['即将揽收超时', 'warn', 'Pickup due soon'],
    pickup_overdue: ['揽收超时', 'bad', 'Pickup overdue'],
    picked_up: ['已揽收', 'done', 'Picked up'],
    picked_up_late: ['揽收晚了', 'bad', 'Picked up late'],
    delivered: ['已签收', 'done', 'Delivered'],
    returned: ['已退回', 'muted', 'Returned'],
    exception: ['物流异常', 'bad', 'Shipping problem'],
    closed: ['已关闭', 'muted', 'Closed'],
    incomplete: ['信息不全', 'warn', 'Incomplete']
  };
  var CARD_ORDER = ['ship_overdue', 'pickup_overdue', 'ship_due_soon', 'pickup_due_soon', 'awaiting_shipment',
    'awaiting_pickup', 'picked_up_late', 'exception', 'incomplete', 'picked_up', 'delivered', 'returned', 'closed'];
  var FINDING = {
    shipped_late: ['发货晚了', 'warn', 'Shipped late'],
    courier_mismatch: ['快递与单号不符', 'bad', 'Courier ≠ number'],
    courier_unknown: ['快递公司未知', 'warn', 'Unknown courier'],
    tracking_invalid: ['单号格式不对', 'bad', 'Bad tracking no.'],
    tracking_duplicate: ['单号重复', 'bad', 'Tracking no. reused'],
    order_sn_invalid: ['订单号异常', 'warn', 'Odd order no.'],
    order_date_mismatch: ['订单日期不符', 'warn', 'Order date mismatch'],
    trace_before_payment: ['轨迹早于支付', 'bad', 'Trace before payment'],
    trace_stale: ['物流停滞', 'warn', 'Tracking stalled'],
    penalty_suspended: ['处罚暂停期', 'ok', 'Penalty suspended'],
    promise_missed: ['延迟发货', 'warn', 'Promise missed'],
    complaint_risk: ['可被投诉', 'bad', 'Complaint risk'],
    first_scan_late: ['揽收后无下一站', 'warn', 'No scan after pickup'],
    final_leg_late: ['分拨后未派件', 'warn', 'Not out for delivery'],
    sign_for_late: ['派签超时', 'warn', 'Delivery not signed'],
    facts_conflict: ['信息互相矛盾', 'warn', 'Conflicting facts']
  };
  var CONFIDENCE = {firm: ['确定', 'ok', 'firm'], uncertain: ['待核实', 'warn', 'unverified'], advice: ['建议', 'muted', 'advice']};
  var ROW_H = 40;
  var KEY_INPUT = 'lanshou.input', KEY_SETTINGS = 'lanshou.settings';
  // Chrome and Firefox keep 5 MiB (in UTF-16 code units) per origin: a bigger input is not even tried.
  var STORAGE_MAX = 5 * 1024 * 1024 - 64;

  // --- the page's language: Chinese (the default) or English ----------------------------------
  // Only the page's own words change. What the core writes (explanations, fix steps, the words for
  // buyers and PDD, rule names, error messages) and what the merchant pasted stay as they are:
  // Chinese, sent on a Chinese platform. ?lang=en|zh for one visit; the switch is remembered.
  var KEY_LANG = 'lanshou.lang';
  var lang = (function () {
    var p = new URLSearchParams(location.search).get('lang');
    if (p === 'en' || p === 'zh') return p;
    try { return localStorage.getItem(KEY_LANG) === 'en' ? 'en' : 'zh'; } catch (e) { return 'zh'; }
  })();
  function num(n) { return Number(n).toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN'); }
  function orders(n) { return num(n) + (n === 1 ? ' order' : ' orders'); }

  // The English of each data-i18n key in index.html (whose text is the Chinese).
  var STATIC_EN = {
    title: 'Lanshou · Pinduoduo ship and pickup deadline check',
    skip: 'Skip to the order list',
    brand: 'Lanshou',
    tagline: 'Pinduoduo ship and pickup deadline check',
    intro: 'Paste or drop an order export and see at once how much time each order has left, how to fix an overdue one, ' +
        'and what to send the buyer. Everything is worked out in this browser; nothing is uploaded.',
    tools: 'Tools',
    rules: 'Rules & clock',
    exportCsv: 'Export CSV',
    print: 'Print',
    downloadOffline: 'Download offline version',
    clearLocal: 'Clear local data',
    inputTitle: 'Enter orders',
    pasteLabel: 'Order data',
    pasteHint: '(an order export CSV, rows copied from a spreadsheet, an order detail page or a courier trace; ' +
        'you can also press Ctrl+V anywhere on the page, or drop a file on it)',
    pastePlaceholder: 'Paste the order export here, for example:\n订单号,订单状态,支付时间,拼单成功时间,承诺发货时间,发货时间,快递单号,快递公司',
    run: 'Check',
    openFile: 'Open file…',
    samplesGroup: 'Try a sample',
    samplesTitle: 'Try a sample:',
    welcomeTitle: 'Every order in three steps',
    step1Title: 'Get the orders: ',
    step1: 'export them (CSV) from the order search of the merchant backend, or copy a few rows of a spreadsheet; ' +
        'the text of an order detail page and courier traces work too.',
    step2Title: 'Put them here: ',
    step2: 'paste into the box above (or press Ctrl+V anywhere on the page), or drop the file on the page. ' +
        'GBK and UTF-8 are both read.',
    step3Title: 'Red first: ',
    step3: '"overdue" and "due soon" come first; open an order to see why, how to fix its tracking number, and copy ' +
        'the message for the buyer, the note and the appeal.',
    welcomeHint: 'No data at hand? Try a sample above.',
    overview: 'Overview',
    cardsGroup: 'Orders per status; click to filter',
    chartTitle: 'Orders due in the next 48 hours (per hour)',
    queueTitle: 'Do these first (still in time, most urgent first)',
    tableTitle: 'All orders',
    fStatus: 'Status',
    fCourier: 'Courier',
    fFinding: 'Problem',
    fSearch: 'Search',
    searchPlaceholder: 'Order or tracking number',
    fSort: 'Sort',
    sortUrgency: 'Most urgent first',
    sortDeadline: 'Deadline',
    sortRisk: 'Expected penalty',
    sortLine: 'Input order',
    scrollerLabel: 'Order list: arrow keys to move, Enter for the details',
    thSn: 'Order no.',
    thStatus: 'Status',
    thLeft: 'Time left',
    thDeadline: 'Deadline',
    thCourier: 'Courier',
    thTracking: 'Tracking no.',
    thFindings: 'Problems',
    empty: 'No order matches.',
    errorsTitle: 'Content that could not be read',
    errorsNote: 'The checker describes these in Chinese.',
    detailTitle: 'Order details',
    close: 'Close ✕',
    closeDetail: 'Close the order details',
    detailNote: 'Explanations, fix steps and the messages to send come from the checker in Chinese: buyers and PDD ' +
        'read them in Chinese, and the menu paths are those of the Chinese merchant backend.',
    closeRules: 'Close the rules panel',
    clockLegend: 'Check time (suppose "now" is…)',
    clockLabel: 'Beijing time',
    clockApply: 'Check at this time',
    clockLive: 'Use the current time',
    clockHint: 'Normally the current time; change it to see "what will it look like at 8 tomorrow morning". ' +
        '?now= in the address sets it too.',
    rulesHint: 'Platform rules change often. Each value names its source and how sure it is (firm / unverified / ' +
        'advice); change it to what your shop actually sees. Changes are kept on this computer only.',
    rulesNote: 'Rule names and sources are PDD\'s own terms and stay in Chinese.',
    rulesReset: 'Reset all to defaults',
    drop: 'Drop to read the file',
    footer: 'Rule data can change as the platform adjusts it; the Pinduoduo merchant backend has the final word.'
  };

  // The page's messages: [Chinese, English], each a string or a function of the values it shows.
  var MSG = {
    loading: ['正在加载检查引擎…', 'Loading the checker…'],
    ready: ['就绪：粘贴订单，或点“试试示例”。', 'Ready: paste orders, or try a sample.'],
    engineFailed: [function (m) { return '检查引擎无法启动：' + m; }, function (m) { return 'The checker could not start: ' + m; }],
    engineError: [function (m) { return '检查引擎出错：' + (m || '未知错误'); }, function (m) { return 'The checker failed: ' + (m || 'unknown error'); }],
    engineMissing: ['检查引擎未启动', 'The checker is not running'],
    checking: ['正在检查…', 'Checking…'],
    progress: [function (stage, lines, sec) {
      return (stage === 'compact' ? '正在整理结果' : '正在检查') + (lines ? '（' + num(lines) + ' 行）' : '') + '… ' + sec + ' 秒';
    }, function (stage, lines, sec) {
      return (stage === 'compact' ? 'Putting the result together' : 'Checking') + (lines ? ' (' + num(lines) + ' lines)' : '') + '… ' + sec + ' s';
    }],
    done: ['检查完成。', 'Check complete.'],
    unreadable: [function (m) { return '检查失败：结果无法读取（' + m + '）'; }, function (m) { return 'Check failed: the result could not be read (' + m + ')'; }],
    checkFailed: [function (m) { return '检查失败：' + m; }, function (m) { return 'Check failed: ' + m; }],
    filterFailed: [function (m) { return '筛选失败：' + m; }, function (m) { return 'Filtering failed: ' + m; }],
    restored: ['已恢复上次的输入，正在检查…', 'Your last input is back; checking…'],
    cleared: ['已清除本机保存的输入和设置。', 'The input and settings kept on this computer are cleared.'],
    csvMaking: ['正在生成 CSV…', 'Making the CSV…'],
    csvDone: ['检查完成。已导出 CSV（可用 Excel / WPS 打开）。', 'Check complete. CSV exported (opens in Excel / WPS).'],
    csvFailed: [function (m) { return '导出失败：' + m; }, function (m) { return 'Export failed: ' + m; }],
    fileTooBig: [function (size) { return '文件太大（' + size + '），请拆分后再检查。'; },
                 function (size) { return 'The file is too big (' + size + '): split it and check the parts.'; }],
    fileReading: [function (name) { return '正在读取 ' + name + '…'; }, function (name) { return 'Reading ' + name + '…'; }],
    fileFailed: [function (name) { return '无法读取文件 ' + name; }, function (name) { return 'Could not read the file ' + name; }],
    fileRead: [function (name, size, enc) { return '已读取 ' + name + ' · ' + size + ' · 编码 ' + encodingName(enc); },
               function (name, size, enc) { return 'Read ' + name + ' · ' + size + ' · encoding ' + encodingName(enc); }],
    pasted: [function (size) { return '已粘贴 ' + size; }, function (size) { return 'Pasted ' + size; }],
    pastedPage: [function (size) { return '已从剪贴板粘贴 ' + size; }, function (size) { return 'Pasted from the clipboard: ' + size; }],
    dropped: ['已拖入文字', 'Text dropped in'],
    sampleInfo: [function (name, now) { return '示例：' + sampleText(name, 'title') + '（检查时间按示例数据设为 ' + now + '）'; },
                 function (name, now) { return 'Sample: ' + sampleText(name, 'title') + ' (checked at the sample\'s own time, ' + now + ')'; }],
    bigInput: [function (size) { return '已载入 ' + size + ' 的内容，太多不在此显示，点“检查”会检查它。粘贴新内容会替换它。'; },
               function (size) { return size + ' loaded: too much to show here. "Check" checks it; pasting something new replaces it.'; }],
    storageFull: ['本机存储空间已满，设置没有保存：刷新后会恢复默认。点“清除本地数据”可释放空间。',
                  'This computer\'s storage for the page is full, so the settings were not kept: a reload goes back to the defaults. "Clear local data" frees space.'],
    inputTooBig: [function (size) { return '这次输入较大（' + size + '），超出浏览器本地存储的上限，没有保存：刷新页面后需要重新粘贴或打开文件。'; },
                  function (size) { return 'This input (' + size + ') is more than the browser keeps for a page, so it was not kept: after a reload, paste it or open the file again.'; }],
    inputNotSaved: [function (size) { return '本机存储空间已满，这次输入（' + size + '）没有保存，刷新页面后需要重新粘贴。点“清除本地数据”可释放空间。'; },
                    function (size) { return 'The page\'s storage on this computer is full, so this input (' + size + ') was not kept: after a reload, paste it again. "Clear local data" frees space.'; }],
    version: [function (h) {
      return 'lanshou ' + h.lanshou + ' · 规则 ' + h.rules.id + ' ' + h.rules.version + (h.rules.as_of ? '（截至 ' + h.rules.as_of + '）' : '') +
          (h.rules.overridden && h.rules.overridden.length ? ' · 已自定义 ' + h.rules.overridden.length + ' 项' : '');
    }, function (h) {
      return 'lanshou ' + h.lanshou + ' · rules ' + h.rules.id + ' ' + h.rules.version + (h.rules.as_of ? ' (as of ' + h.rules.as_of + ')' : '') +
          (h.rules.overridden && h.rules.overridden.length ? ' · ' + h.rules.overridden.length + ' changed by you' : '');
    }],
    clock: [function (at, why) {
      return '检查时间 ' + at + {param: '（由网址 ?now= 指定）', sample: '（示例数据的时间；检查自己的订单时用当前时间）',
        set: '（假设时间，在“规则与时钟”里改回当前时间）', live: '（当前时间，倒计时每秒更新）'}[why];
    }, function (at, why) {
      return 'Checked at ' + at + {param: ' (set by ?now= in the address)', sample: ' (the sample\'s time; your own orders are checked at the current time)',
        set: ' (a time you set; go back to the current time under "Rules & clock")', live: ' (the current time; countdowns tick every second)'}[why];
    }],
    clockParam: [function (v) { return '检查时间由 ?now= 指定：' + v; }, function (v) { return 'Check time set by ?now=: ' + v; }],
    clockStale: [' · 有订单到了新的时间点，点“检查”刷新状态', ' · some orders reached a new point in time: "Check" brings their status up to date'],
    cardAll: ['全部订单', 'All orders'],
    cardAllSub: ['点击显示全部', 'Click to show all'],
    cardRisk: ['预计赔付', 'Expected penalty'],
    cardRiskSub: ['超时可能被扣的钱（估算）', 'What lateness may cost (estimate)'],
    cardFindings: ['单号或快递有问题', 'Tracking or courier problems'],
    cardFindingsSub: ['点击只看这些', 'Click to see only these'],
    chartDesc: [function (total, overdue) { return '未来 48 小时内共 ' + total + ' 单到期' + (overdue ? '，另有 ' + overdue + ' 单已超时' : ''); },
                function (total, overdue) { return orders(total) + ' due in the next 48 hours' + (overdue ? ', and ' + num(overdue) + ' overdue' : ''); }],
    chartNow: ['现在', 'now'],
    chartBar: [function (from, ship, pick) { return from + ' 起 1 小时内：发货到期 ' + ship + ' 单，揽收到期 ' + pick + ' 单'; },
               function (from, ship, pick) { return 'The hour from ' + from + ': ' + num(ship) + ' to ship, ' + num(pick) + ' to be picked up'; }],
    keyShip: ['发货到期', 'ship deadline'],
    keyPick: ['揽收到期', 'pickup deadline'],
    chartSum: [function (total, overdue) { return '48 小时内 ' + total + ' 单' + (overdue ? ' · 已超时 ' + overdue + ' 单' : ''); },
               function (total, overdue) { return orders(total) + ' within 48 hours' + (overdue ? ' · ' + num(overdue) + ' overdue' : ''); }],
    actShip: [function (at) { return '在 ' + at + ' 前发货'; }, function (at) { return 'ship before ' + at; }],
    actPick: [function (at) { return '确认快递在 ' + at + ' 前揽收'; }, function (at) { return 'make sure the courier picks up before ' + at; }],
    queueOverdue: [function (n) { return '已超时 ' + n + ' 单：看怎么补救和申诉 →'; }, function (n) { return orders(n) + ' overdue: see how to make up and appeal →'; }],
    queueNoMore: ['没有其他即将到期的订单。', 'No other order is due soon.'],
    queueNone: ['没有需要赶时间处理的订单。', 'No order needs rushing.'],
    noSn: ['（无订单号）', '(no order number)'],
    errLine: [function (n) { return '第 ' + n + ' 行'; }, function (n) { return 'line ' + n; }],
    colon: ['：', ': '],
    unknownError: ['未知错误', 'unknown error'],
    errorsCount: [function (n) { return '（' + n + ' 处）'; }, function (n) { return ' (' + num(n) + ')'; }],
    moreErrors: [function (n, all) { return '再显示 ' + n + ' 条（共 ' + all + ' 条）'; }, function (n, all) { return 'Show ' + num(n) + ' more (' + num(all) + ' in all)'; }],
    optAll: [function (n) { return '全部（' + n + '）'; }, function (n) { return 'All (' + num(n) + ')'; }],
    optUrgent: [function (n) { return '需要马上处理：已超时 + 即将超时（' + n + '）'; }, function (n) { return 'Act now: overdue + due soon (' + num(n) + ')'; }],
    optOverdue: [function (n) { return '已超时（' + n + '）'; }, function (n) { return 'Overdue (' + num(n) + ')'; }],
    optCount: [function (label, n) { return label + '（' + n + '）'; }, function (label, n) { return label + ' (' + num(n) + ')'; }],
    optAllCouriers: ['全部快递', 'All couriers'],
    optNoCourier: ['未填快递', 'No courier given'],
    optAnyFinding: ['不限', 'Any or none'],
    optSomeFinding: [function (n) { return '任何问题（' + n + '）'; }, function (n) { return 'Any problem (' + num(n) + ')'; }],
    shown: [function (n, all) { return '显示 ' + num(n) + ' / ' + num(all) + ' 单'; }, function (n, all) { return 'Showing ' + num(n) + ' of ' + orders(all); }],
    directFix: ['可直接改单号', 'Number can be changed'],
    readingOrder: ['正在读取订单…', 'Reading the order…'],
    orderFailed: [function (m) { return '无法读取订单：' + m; }, function (m) { return 'Could not read the order: ' + m; }],
    copied: ['已复制 ✓', 'Copied ✓'],
    copy: ['复制', 'Copy'],
    copySn: ['复制订单号', 'Copy order no.'],
    copyPath: ['复制路径', 'Copy path'],
    deadlineAt: [function (at) { return '截止 ' + at; }, function (at) { return 'deadline ' + at; }],
    nextStep: ['下一步：', 'Next step: '],
    jumpFix: ['怎么改单号 ↓', 'Fix the number ↓'],
    jumpWording: ['复制话术 ↓', 'Messages ↓'],
    jumpWhy: ['为什么 ↓', 'Why ↓'],
    factProduct: ['商品', 'Product'],
    factCourier: ['快递公司', 'Courier'],
    factTracking: ['快递单号', 'Tracking no.'],
    factRisk: ['预计赔付', 'Expected penalty'],
    factSource: ['来源', 'Source'],
    factSourceLine: [function (n) { return '输入第 ' + n + ' 行'; }, function (n) { return 'input line ' + n; }],
    factDeclared: ['表中写的快递', 'Courier as written'],
    secFindings: ['发现的问题', 'Problems found'],
    secExplain: ['为什么是这个状态', 'Why this status'],
    secEvents: ['物流轨迹', 'Courier trace'],
    secFix: ['单号填错了？这样改', 'Wrong tracking number? Fix it like this'],
    untilDirect: [function (at) { return '在 ' + at + ' 前可直接修改'; }, function (at) { return 'Can be changed directly until ' + at; }],
    untilExtra: [function (at) { return '已过直接修改时限：联系买家、备注，在 ' + at + ' 前可新增补寄包裹'; },
                 function (at) { return 'Too late to change directly: contact the buyer, add a note, and add an extra package before ' + at; }],
    untilNone: ['已过补寄包裹时限：只能联系买家并添加备注', 'Too late for an extra package: only contacting the buyer and a note are left'],
    secWording: ['话术：复制去发', 'Messages: copy and send'],
    wordingHint: ['发给买家的消息、商家备注、驳回退款和申诉说明，按这单的实际情况生成。单号填错时，填上正确的快递和单号。',
                  'The message for the buyer, the merchant note, the refund rejection and the appeal, made for this order. ' +
                  'For a wrong tracking number, fill in the right courier and number.'],
    wordingNote: ['', 'The messages stay in Chinese: they are sent to the buyer and to PDD.'],
    wCourier: ['正确的快递公司', 'Right courier'],
    wCourierEg: ['例如 中通快递', 'e.g. 中通快递'],
    wTracking: ['正确单号', 'Right tracking no.'],
    wTrackingEg: ['包裹实际用的单号', 'the number the parcel really has'],
    wReason: ['申诉 / 异常申报原因', 'Reason for an appeal / exception report'],
    wNoAppeal: ['（不申诉）', '(no appeal)'],
    wMore: ['更多信息（可选，填了话术更完整）', 'More (optional: the messages get more complete)'],
    wPickupTime: ['预计揽收发出时间', 'Expected pickup time'],
    wPickupTimeEg: ['例如 今天 18:00', 'e.g. 今天 18:00'],
    wOutlet: ['快递网点', 'Courier outlet'],
    wOutletEg: ['例如 义乌稠城', 'e.g. 义乌稠城'],
    wReasonDetail: ['具体原因', 'What happened'],
    wReasonDetailEg: ['例如 3月10日网点爆仓暂停揽收', 'e.g. 3月10日网点爆仓暂停揽收'],
    wPickedUp: ['正确单号的揽收时间', 'Pickup time of the right number'],
    wPickedUpEg: ['例如 2025-03-10 19:47', 'e.g. 2025-03-10 19:47'],
    wMeasures: ['已采取的改进措施', 'What you changed since'],
    wMeasuresEg: ['申诉用', 'for the appeal'],
    noWording: ['这单目前不需要给买家或平台写什么。', 'Nothing to write to the buyer or the platform for this order now.'],
    pasteInto: ['粘贴到：', 'Paste into: '],
    chars: [function (n, max) { return n + (max ? ' / ' + max : '') + ' 字'; }, function (n, max) { return n + (max ? ' / ' + max : '') + ' characters'; }],
    variants: ['版本', 'Versions'],
    brief: ['简短版', 'Brief'],
    polite: ['礼貌版', 'Polite'],
    full: ['完整版', 'Full'],
    missing: [function (names) { return '还需要你填写：' + names.join('、') + '（文中【请填写】处）'; },
              function (names) { return 'Still to fill in: ' + names.join(', ') + ' (where the text says 【请填写】)'; }],
    evidence: ['需要准备的证据：', 'Evidence to prepare:'],
    noRules: ['此版本的检查引擎不提供规则列表。', 'This version of the checker gives no rule list.'],
    rulesMeta: [function (d) {
      return (d.name || '') + ' · 版本 ' + (d.version || '') + ' · 截至 ' + (d.as_of || '') +
          (d.overridden && d.overridden.length ? ' · 已自定义 ' + d.overridden.length + ' 项' : '');
    }, function (d) {
      return (d.name || '') + ' · version ' + (d.version || '') + ' · as of ' + (d.as_of || '') +
          (d.overridden && d.overridden.length ? ' · ' + d.overridden.length + ' changed by you' : '');
    }],
    listSep: ['；', '; '],
    units: [{hour: '小时', day: '天', yuan: '元', order: '单'}, {hour: 'hours', day: 'days', yuan: 'yuan', order: 'orders'}],
    ruleReset: ['恢复默认', 'Default'],
    ruleSource: ['来源：', 'Source: '],
    ruleNoSource: ['未注明', 'not given'],
    ruleAsOf: [function (d) { return ' · 截至 ' + d; }, function (d) { return ' · as of ' + d; }],
    badJson: [function (label) { return '「' + label + '」不是有效的 JSON'; }, function (label) { return '"' + label + '" is not valid JSON'; }],
    bom: ['UTF-8（带 BOM）', 'UTF-8 (with BOM)'],
    gbk: ['GB18030（GBK）', 'GB18030 (GBK)'],
    printTitle: [function (at) { return '揽收检查结果 · ' + at; }, function (at) { return 'Lanshou check · ' + at; }],
    printHead: [['订单号', '状态', '剩余时间', '截止时间', '快递公司', '快递单号', '问题'],
                ['Order no.', 'Status', 'Time left', 'Deadline', 'Courier', 'Tracking no.', 'Problems']],
    printMore: [function (n) { return '另有 ' + n + ' 单未打印，请用导出 CSV。'; }, function (n) { return orders(n) + ' more not printed: use Export CSV.'; }],
    listJoin: ['、', ', '],
    switchTo: ['English', '中文'],
    switchTitle: ['切换为英文界面（检查结果和话术仍是中文）', 'Show the page in Chinese']
  };
  function encodingName(enc) { return enc === 'bom' ? t('bom') : enc === 'gbk' ? t('gbk') : enc; }
  function t(key) {
    var v = MSG[key][lang === 'en' ? 1 : 0];
    return typeof v === 'function' ? v.apply(null, Array.prototype.slice.call(arguments, 1)) : v;
  }

  var $ = function (id) { return document.getElementById(id); };
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = String(text);
    return e;
  }
  // Text from the core or the rule data is Chinese whatever the page's language: marked as such
  // for screen readers; the page's own words inside such a block say the page's language.
  function zh(e) { e.lang = 'zh-CN'; return e; }
  function ui(e) { e.lang = lang === 'en' ? 'en' : 'zh-CN'; return e; }
  function statusOf(code) {
    var s = STATUS[code];
    return s ? [lang === 'en' ? s[2] : s[0], s[1]] : [String(code), 'muted'];
  }
  function findingOf(code) {
    var f = FINDING[code];
    return f ? [lang === 'en' ? f[2] : f[0], f[1]] : [String(code), 'muted'];
  }
  function chip(code, text) {
    var s = statusOf(code);
    var c = el('span', 'chip tone-' + s[1], text || s[0]);
    c.setAttribute('data-code', String(code));
    return c;
  }

  // --- local storage: the last input and the settings, until the merchant clears them ---------
  function storageGet(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  function storageSet(key, value) {
    try {
      localStorage.setItem(key, value);
      return true;
    } catch (e) {
      try { localStorage.removeItem(key); } catch (e2) { /* ignore */ }
      return false;
    }
  }
  var storageMsg = null;  // [message key, values...] or null
  function storageWarn(msg) {
    storageMsg = msg || null;
    var w = $('storage-warning');
    w.textContent = msg ? t.apply(null, msg) : '';
    w.hidden = !msg;
  }

  var settings = {rules: {}, now: null};
  try {
    var saved = JSON.parse(storageGet(KEY_SETTINGS) || 'null');
    if (saved && typeof saved === 'object') {
      if (saved.rules && typeof saved.rules === 'object') settings.rules = saved.rules;
      if (typeof saved.now === 'string') settings.now = saved.now;
    }
  } catch (e) { /* start fresh */ }
  function saveSettings() {
    if (!storageSet(KEY_SETTINGS, JSON.stringify(settings))) {
      storageWarn(['storageFull']);
    }
  }

  // ?now=2025-03-12T12:00:00%2B08:00 sets the clock. An unescaped '+' arrives as a space: undo that.
  var nowParam = new URLSearchParams(location.search).get('now');
  if (nowParam) nowParam = nowParam.replace(/(T\d{2}:\d{2}(?::\d{2})?) (\d{2}:?\d{2})$/, '$1+$2');
  var sampleNow = null;  // a sample's own clock, for as long as the sample is shown

  function clockSetting() { return nowParam || sampleNow || settings.now || null; }
  function checkOptions() {
    // Up to 512 MB of text (about 2 million orders): the core's default of 64 MB would refuse a
    // 1M-order export (226 MB), which the wasm module checks in about 3.4x its size of memory.
    var o = {max_input_mb: 512};
    var now = clockSetting();
    if (now) o.now = now;
    if (Object.keys(settings.rules).length) o.rules = settings.rules;
    return o;
  }

  // --- the worker ---------------------------------------------------------------------------
  var worker = null, pending = {}, nextId = 1, ready = false;

  function startWorker() {
    var custom = document.documentElement.dataset.workerUrl;
    var url, blob = false;
    if (custom) {
      url = custom;
    } else if (typeof self.LANSHOU_WORKER_SOURCE === 'string') {
      url = URL.createObjectURL(new Blob([self.LANSHOU_WORKER_SOURCE], {type: 'text/javascript'}));
      blob = true;
    } else {
      url = 'lanshou-worker.js';
    }
    try {
      worker = new Worker(url);
    } catch (err) {
      if (blob) URL.revokeObjectURL(url);
      setState(['engineFailed', err.message], 'bad');
      return;
    }
    worker.onmessage = function (event) {
      var msg = event.data;
      if ('ready' in msg) {
        if (blob) URL.revokeObjectURL(url);
        if (msg.ready) {
          ready = true;
          engineVersion = msg.version;
          engineUnpackMs = msg.unpackMs;
          renderVersion();
          $('run').disabled = false;
          setState(['ready'], '', 'ready');
          onReady();
        } else {
          setState(['engineFailed', msg.error], 'bad');
        }
        return;
      }
      if (msg.progress) {
        progressStage(msg.stage, msg.lines);
        return;
      }
      var done = pending[msg.id];
      delete pending[msg.id];
      if (done) done(msg);
    };
    worker.onerror = function (event) {
      setState(['engineError', event.message], 'bad');
    };
  }

  function ask(request, transfer) {
    return new Promise(function (resolve, reject) {
      if (!worker) { reject(new Error(t('engineMissing'))); return; }
      var id = nextId++;
      request.id = id;
      pending[id] = function (msg) {
        if (msg.error) reject(new Error(msg.error)); else resolve(msg);
      };
      worker.postMessage(request, transfer || []);
    });
  }

  // --- formatting ---------------------------------------------------------------------------
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function bj(t) { return new Date((t + 8 * 3600) * 1000); }
  // epoch seconds -> 03-13 20:14 (Beijing time)
  function fmtShort(t) {
    if (typeof t !== 'number' || !isFinite(t)) return '—';
    var d = bj(t);
    return pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  }
  function fmtFull(t) {
    if (typeof t !== 'number' || !isFinite(t)) return '—';
    return bj(t).getUTCFullYear() + '-' + fmtShort(t);
  }
  function isoToEpoch(iso) {
    var ms = typeof iso === 'string' ? Date.parse(iso) : NaN;
    return isFinite(ms) ? ms / 1000 : NaN;
  }
  // 11520 -> 剩 3 小时 12 分 / 3 h 12 min left; -14400 -> 已超时 4 小时 / overdue 4 h
  function formatRemaining(seconds) {
    if (typeof seconds !== 'number' || !isFinite(seconds)) return '—';
    var a = Math.abs(seconds), en = lang === 'en';
    var d = Math.floor(a / 86400), h = Math.floor((a % 86400) / 3600), m = Math.floor((a % 3600) / 60), s = Math.floor(a % 60);
    var text;
    if (d > 0) text = d + (en ? ' d' : ' 天') + (h ? ' ' + h + (en ? ' h' : ' 小时') : '');
    else if (h > 0) text = h + (en ? ' h' : ' 小时') + (m ? ' ' + m + (en ? ' min' : ' 分') : '');
    else if (m > 0) text = m + (en ? ' min ' : ' 分 ') + pad(s) + (en ? ' s' : ' 秒');
    else if (en) return seconds < 0 ? 'just overdue' : s + ' s left';
    else return seconds < 0 ? '刚刚超时' : '剩 ' + s + ' 秒';
    if (en) return seconds < 0 ? 'overdue ' + text : text + ' left';
    return (seconds < 0 ? '已超时 ' : '剩 ') + text;
  }
  function yuan(v) {
    return '¥' + num(Math.round(v * 100) / 100);
  }
  function kb(n) {
    return n < 1024 * 1024 ? (n / 1024).toFixed(1) + ' KB' : (n / 1024 / 1024).toFixed(1) + ' MB';
  }

  // --- state --------------------------------------------------------------------------------
  var R = null;        // the last result (compact) with split fields
  var view = new Uint32Array(0);
  var active = 0;      // position in view of the focused row
  var filter = {status: '', courier: '', finding: '', q: '', sort: 'urgency'};
  var dueSoonSeconds = 6 * 3600;
  var running = false, rerunQueued = false;
  var bigText = null;  // a large input kept out of the text box (a big textarea makes the page sluggish)
  var BIG = 200000;

  // msg: [message key, values...] (shown again in the other language when it is switched) or a
  // text. phase (data-phase on #state, for scripts and tests in either language): loading, ready,
  // busy, done or error; a message without one keeps the phase it was in.
  var stateMsg = ['loading'];
  function setState(msg, tone, phase) {
    var e = $('state');
    stateMsg = msg;
    e.textContent = Array.isArray(msg) ? t.apply(null, msg) : msg;
    e.className = tone ? 'tone-' + tone : '';
    if (phase) e.setAttribute('data-phase', phase);
    else if (tone === 'bad') e.setAttribute('data-phase', 'error');
  }

  function nowEpoch() {
    if (!R) return Date.now() / 1000;
    return R.live ? R.now + (Date.now() - R.checkedAt) / 1000 : R.now;
  }

  // A big check shows a bar and the seconds it takes; the worker tells the number of lines.
  var progressTimer = null, progressStart = 0, progressStageName = 'check', progressLines = 0;
  function progressStage(stage, lines) {
    progressStageName = stage;
    if (lines) progressLines = lines;
  }
  function showProgress(on) {
    clearInterval(progressTimer);
    $('progress').hidden = !on;
    if (!on) return;
    progressStart = Date.now();
    progressStageName = 'check';
    progressLines = 0;
    var tick = function () {
      setState(['progress', progressStageName, progressLines, Math.floor((Date.now() - progressStart) / 1000)], '', 'busy');
    };
    tick();
    progressTimer = setInterval(tick, 500);
  }

  function inputText() {
    var v = $('paste').value;
    return v === '' && bigText != null ? bigText : v;
  }

  function run() {
    if (!ready) return;
    if (running) { rerunQueued = true; return; }
    var text = inputText();
    if ($('paste').value.length > BIG) keepOutOfBox(text);
    running = true;
    $('run').disabled = true;
    var big = text.length > 300000;
    if (big) showProgress(true); else setState(['checking'], '', 'busy');
    var started = performance.now();
    // Too big for local storage: not even tried (a failed write of many MB still costs time).
    var tooBig = text.length + KEY_INPUT.length > STORAGE_MAX;
    if (tooBig) { try { localStorage.removeItem(KEY_INPUT); } catch (e) { /* nothing stored */ } }
    var saveOk = !tooBig && storageSet(KEY_INPUT, text);
    storageWarn(saveOk ? null : [tooBig ? 'inputTooBig' : 'inputNotSaved', kb(text.length * 2)]);
    ask({type: 'check', text: text, options: JSON.stringify(checkOptions()), filter: filter}).then(function (msg) {
      var received = performance.now();
      showProgress(false);
      running = false;
      $('run').disabled = false;
      try {
        accept(msg.compact);
      } catch (err) {
        setState(['unreadable', err.message], 'bad');
        return;
      }
      setState(['done'], '', 'done');
      var ms = msg.compact.ms || {};
      self.lanshouPage.lastTimings = {orders: msg.compact.count, total_ms: performance.now() - started,
        core_ms: ms.check, worker_summary_ms: ms.summary, page_ms: performance.now() - received};
      if (rerunQueued) { rerunQueued = false; run(); }
    }, function (err) {
      showProgress(false);
      running = false;
      $('run').disabled = false;
      setState(['checkFailed', err.message], 'bad');
    });
  }

  // order i's text fields: [order_sn, tracking_no, courier, product], decoded from the UTF-8 bytes
  // (an offset per order) when a row is drawn
  var fieldDecoder = new TextDecoder();
  function fieldsOf(i) {
    var from = R.offsets[i], to = Math.max(from, R.offsets[i + 1] - 1);
    var a = fieldDecoder.decode(R.fields.subarray(from, to)).split('\t');
    return [a[0] || '', a[1] || '', a[2] || '', a[3] || ''];
  }

  function accept(c) {
    var head = JSON.parse(c.head || '{}');
    var now = isoToEpoch(head.now);
    R = {
      gen: c.gen, count: c.count, status: c.status, deadline: c.deadline, findings: c.findings, fix: c.fix,
      fixUntil: c.fixUntil, risk: c.risk, line: c.line, fields: c.fields, offsets: c.offsets, counts: c.counts,
      couriers: c.couriers, overview: c.overview, head: head, now: isFinite(now) ? now : Date.now() / 1000, nowIso: head.now,
      checkedAt: Date.now(), live: !clockSetting()
    };
    R.nextEvent = nextEvent(R.now);
    view = c.view;
    viewSeq++;  // a view asked for before this result is of the one before
    filter = c.filter;
    renderVersion();
    clockStale = false;
    var keep = autoRerun;  // a re-check on the clock: keep the scroll position and the open order
    autoRerun = false;
    $('output').hidden = false;
    $('welcome').hidden = true;
    renderClock();
    renderCards();
    renderChart();
    renderQueue();
    renderErrors(head.errors || []);
    fillFilters();
    showView(!keep);
    $('export-csv').disabled = false;
    $('print').disabled = false;
    if (detailIndex != null && !keep) closeDetail();  // a new result: its order is gone
  }

  var engineVersion = '';
  var engineUnpackMs = null;  // how long the worker took to unpack the wasm (for the benchmark)
  function renderVersion() {
    var h = R && R.head;
    $('version').textContent = h && h.rules && h.rules.version != null ? t('version', h) : engineVersion ? 'lanshou ' + engineVersion : '';
  }

  var clockStale = false;  // some order crossed a deadline since the check: says so after the time
  function renderClock() {
    var c = $('clock');
    if (!R) { c.textContent = nowParam ? t('clockParam', nowParam) : ''; return; }
    c.textContent = t('clock', fmtFull(R.now), nowParam ? 'param' : sampleNow ? 'sample' : settings.now ? 'set' : 'live') +
        (clockStale ? t('clockStale') : '');
  }

  // --- overview -----------------------------------------------------------------------------
  function counts() { return R.counts; }

  function card(title, value, tone, sub, onClick, pressed) {
    var b = el('button', 'card tone-' + tone);
    b.type = 'button';
    b.appendChild(el('span', 'card-value', value));
    b.appendChild(el('span', 'card-title', title));
    if (sub) b.appendChild(el('span', 'card-sub', sub));
    if (onClick) b.addEventListener('click', onClick); else b.disabled = true;
    if (pressed != null) b.setAttribute('aria-pressed', pressed ? 'true' : 'false');
    return b;
  }

  function renderCards() {
    var box = $('cards');
    box.textContent = '';
    var k = counts();
    var risk = R.head.summary && typeof R.head.summary.risk_yuan === 'number' ? R.head.summary.risk_yuan : k.risk;
    box.appendChild(card(t('cardAll'), num(R.count), 'all', t('cardAllSub'), function () { setFilter('status', ''); }, filter.status === ''));
    box.appendChild(card(t('cardRisk'), yuan(risk), risk > 0 ? 'bad' : 'done', t('cardRiskSub'), null));
    if (k.withFindings) {
      box.appendChild(card(t('cardFindings'), num(k.withFindings), 'bad', t('cardFindingsSub'), function () { setFilter('finding', 'any'); }, filter.finding === 'any'));
    }
    CARD_ORDER.forEach(function (code) {
      var n = k.byStatus[S[code]];
      if (!n) return;
      var s = statusOf(code);
      var c = card(s[0], num(n), s[1], null, function () { setFilter('status', code); }, filter.status === code);
      c.setAttribute('data-status', code);
      box.appendChild(c);
    });
  }

  var SVGNS = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text != null) e.textContent = String(text);
    return e;
  }

  function renderChart() {
    var box = $('chart');
    box.textContent = '';
    // per hour of the next 48 (counted by the worker at the check's clock)
    var now = R.now, ov = R.overview, ship = ov.ship, pick = ov.pick, overdue = ov.overdue, total = ov.total;
    var max = 1;
    for (var b = 0; b < 48; b++) max = Math.max(max, ship[b] + pick[b]);
    var W = 520, H = 150, L = 34, T = 10, B = 28, bw = (W - L - 8) / 48, ph = H - T - B;
    var root = svg('svg', {viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': 'chart-title chart-desc', class: 'chart'});
    root.appendChild(svg('desc', {id: 'chart-desc'}, t('chartDesc', total, overdue)));
    // grid and axis
    (max >= 4 ? [0, 0.5, 1] : [0, 1]).forEach(function (f) {
      var y = T + ph * (1 - f);
      root.appendChild(svg('line', {x1: L, x2: W - 8, y1: y, y2: y, class: 'grid'}));
      root.appendChild(svg('text', {x: L - 4, y: y + 4, class: 'axis', 'text-anchor': 'end'}, Math.round(max * f)));
    });
    for (var h = 0; h <= 48; h += 12) {
      var x = L + h * bw;
      root.appendChild(svg('line', {x1: x, x2: x, y1: T + ph, y2: T + ph + 4, class: 'grid'}));
      root.appendChild(svg('text', {x: x, y: H - 8, class: 'axis', 'text-anchor': h === 0 ? 'start' : h === 48 ? 'end' : 'middle'},
          h === 0 ? t('chartNow') : '+' + h + 'h ' + fmtShort(now + h * 3600).slice(6)));
    }
    for (b = 0; b < 48; b++) {
      var x0 = L + b * bw + 1, sh = ph * ship[b] / max, pk = ph * pick[b] / max;
      if (!ship[b] && !pick[b]) continue;
      var g = svg('g', {});
      g.appendChild(svg('title', {}, t('chartBar', fmtShort(now + b * 3600), ship[b], pick[b])));
      if (ship[b]) g.appendChild(svg('rect', {x: x0, y: T + ph - sh, width: bw - 2, height: sh, class: 'bar-ship'}));
      if (pick[b]) g.appendChild(svg('rect', {x: x0, y: T + ph - sh - pk, width: bw - 2, height: pk, class: 'bar-pick'}));
      root.appendChild(g);
    }
    box.appendChild(root);
    var legend = el('p', 'legend');
    legend.appendChild(el('span', 'key key-ship', t('keyShip')));
    legend.appendChild(el('span', 'key key-pick', t('keyPick')));
    legend.appendChild(el('span', '', t('chartSum', total, overdue)));
    box.appendChild(legend);
  }

  function actionText(i) {
    var s = R.status[i];
    return t(SHIP[s] ? 'actShip' : 'actPick', fmtShort(R.deadline[i]));
  }

  function renderQueue() {
    var list = $('queue');
    list.textContent = '';
    // the soonest deadlines still ahead at the check's clock (found by the worker)
    var now = nowEpoch(), top = R.overview.queue, overdue = R.overview.overdue;
    if (overdue) {
      var li0 = el('li', 'queue-overdue');
      var b0 = el('button', 'linkish', t('queueOverdue', overdue));
      b0.type = 'button';
      b0.addEventListener('click', function () { setFilter('status', 'group:overdue'); focusTable(); });
      li0.appendChild(b0);
      list.appendChild(li0);
    }
    if (!top.length) {
      list.appendChild(el('li', 'queue-empty', t(overdue ? 'queueNoMore' : 'queueNone')));
      return;
    }
    top.forEach(function (i) {
      var li = el('li');
      var b = el('button', 'queue-item');
      b.type = 'button';
      b.setAttribute('data-order-index', i);
      var cd = el('span', 'countdown tone-' + statusOf(STATUS_CODES[R.status[i]])[1]);
      cd.setAttribute('data-deadline', R.deadline[i]);
      cd.textContent = formatRemaining(R.deadline[i] - now);
      b.appendChild(cd);
      b.appendChild(chip(STATUS_CODES[R.status[i]]));
      b.appendChild(el('span', 'mono', fieldsOf(i)[0] || t('noSn')));
      b.appendChild(el('span', 'queue-action', actionText(i)));
      b.addEventListener('click', function () { openDetail(i, b); });
      li.appendChild(b);
      list.appendChild(li);
    });
  }

  // What could not be read: the first ERRORS_FIRST lines, then more on request (an export with
  // hundreds of bad rows would otherwise be hundreds of long lines to lay out with the result).
  var ERRORS_FIRST = 20, ERRORS_MORE = 200;
  function renderErrors(errors) {
    var list = $('errors');
    list.textContent = '';
    $('errors-count').textContent = errors.length ? t('errorsCount', errors.length) : '';
    $('errors-section').hidden = errors.length === 0;
    var shown = 0;
    var more = el('button', 'ghost small');
    more.type = 'button';
    var moreItem = el('li', 'errors-more');
    moreItem.appendChild(more);
    var add = function (n) {
      var end = Math.min(errors.length, shown + n);
      for (; shown < end; shown++) {
        var e = errors[shown], where = e.line ? t('errLine', e.line) : '';
        if (e.field) where += (where ? ' · ' : '') + e.field;
        var li = el('li', '', (where ? where + t('colon') : '') + (e.message || e.code || t('unknownError')));
        li.lang = 'zh-CN';
        list.insertBefore(li, moreItem.parentNode ? moreItem : null);
      }
      if (shown < errors.length) {
        more.textContent = t('moreErrors', Math.min(ERRORS_MORE, errors.length - shown), errors.length);
        if (!moreItem.parentNode) list.appendChild(moreItem);
      } else if (moreItem.parentNode) {
        var focusBack = document.activeElement === more;
        moreItem.remove();
        if (focusBack) $('errors-title').focus();
      }
    };
    more.addEventListener('click', function () { add(ERRORS_MORE); });
    add(ERRORS_FIRST);
  }

  // --- filters and the virtual table --------------------------------------------------------
  function option(select, value, text) {
    var o = el('option', '', text);
    o.value = value;
    select.appendChild(o);
  }

  // The selects list the choices that have orders, with their counts (counted by the worker).
  function fillFilters() {
    var k = counts();
    var st = $('f-status');
    st.textContent = '';
    option(st, '', t('optAll', R.count));
    var od = 0, soon = 0;
    k.byStatus.forEach(function (n, s) { if (OVERDUE[s]) od += n; else if (SOON[s]) soon += n; });
    option(st, 'group:urgent', t('optUrgent', od + soon));
    option(st, 'group:overdue', t('optOverdue', od));
    CARD_ORDER.forEach(function (code) {
      var n = k.byStatus[S[code]];
      if (n) option(st, code, t('optCount', statusOf(code)[0], n));
    });
    var cs = $('f-courier');
    cs.textContent = '';
    option(cs, '', t('optAllCouriers'));
    R.couriers.forEach(function (c) {
      option(cs, c[0] === '' ? '\u0000' : c[0], t('optCount', c[0] || t('optNoCourier'), c[1]));
    });
    var fs = $('f-finding');
    fs.textContent = '';
    option(fs, '', t('optAnyFinding'));
    option(fs, 'any', t('optSomeFinding', k.withFindings));
    FINDING_CODES.forEach(function (code, bit) {
      if (k.byFinding[bit]) option(fs, code, t('optCount', findingOf(code)[0], k.byFinding[bit]));
    });
    $('f-status').value = filter.status;
    $('f-courier').value = filter.courier;
    $('f-finding').value = filter.finding;
    $('f-sort').value = filter.sort;
  }

  // The worker filters and sorts; the page shows its answer unless a newer one was asked for.
  var viewSeq = 0;
  function setFilter(key, value) {
    filter[key] = value;
    var id = {status: 'f-status', courier: 'f-courier', finding: 'f-finding', q: 'f-search', sort: 'f-sort'}[key];
    if ($(id).value !== value) $(id).value = value;
    renderCards();
    requestView(true);
  }

  function requestView(resetScroll) {
    if (!R) return;
    var seq = ++viewSeq, gen = R.gen;
    $('results').setAttribute('aria-busy', 'true');
    ask({type: 'view', gen: gen, filter: filter}).then(function (msg) {
      if (seq !== viewSeq || msg.stale || !R || R.gen !== gen) return;
      view = msg.view;
      showView(resetScroll);
    }, function (err) { setState(['filterFailed', err.message], 'bad'); });
  }

  function showView(resetScroll) {
    $('results').removeAttribute('aria-busy');
    if (resetScroll) {
      if (scrollerTop !== 0) $('scroller').scrollTop = 0;
      scrollerTop = 0;
      active = 0;
    }
    if (active >= view.length) active = Math.max(0, view.length - 1);
    $('shown').textContent = t('shown', view.length, R.count);
    $('empty').hidden = view.length > 0;
    $('results').setAttribute('aria-rowcount', String(view.length + 1));
    sizeScroller();
    renderRows(resetScroll ? 0 : null);
  }

  // As tall as the rows need, at most most of the screen. Its height and scroll position are kept
  // here so that drawing a new result does not make the browser lay out the page twice.
  var scrollerHeight = 0, scrollerTop = 0;
  function sizeScroller() {
    var px = Math.min(Math.max(window.innerHeight * 0.62, 320), 38 + Math.max(view.length, 3) * ROW_H + 2);
    $('scroller').style.height = px + 'px';
    scrollerHeight = px - 2;  // inside its borders
  }

  function spacer(height) {
    var tr = el('tr', 'spacer');
    tr.setAttribute('aria-hidden', 'true');
    var td = el('td');
    td.colSpan = 7;
    td.style.height = height + 'px';
    tr.appendChild(td);
    return tr;
  }

  // top: the scroll position when it is known (0 after a reset), else read from the scroller
  function renderRows(top) {
    var scroller = $('scroller'), tbody = $('results').tBodies[0];
    if (top == null) top = scroller.scrollTop;
    scrollerTop = top;
    var h = scrollerHeight || scroller.clientHeight || 600;
    var first = Math.max(0, Math.floor(top / ROW_H) - 8);
    var last = Math.min(view.length, Math.ceil((top + h) / ROW_H) + 8);
    var now = nowEpoch();
    var frag = document.createDocumentFragment();
    if (first > 0) frag.appendChild(spacer(first * ROW_H));
    for (var p = first; p < last; p++) frag.appendChild(row(view[p], p, now));
    if (last < view.length) frag.appendChild(spacer((view.length - last) * ROW_H));
    var hadFocus = tbody.contains(document.activeElement);
    tbody.textContent = '';
    tbody.appendChild(frag);
    if (hadFocus) focusActive();
  }

  function row(i, p, now) {
    var code = STATUS_CODES[R.status[i]], f4 = fieldsOf(i);
    var tr = el('tr', p === active ? 'active' : '');
    tr.setAttribute('data-order-sn', f4[0]);
    tr.setAttribute('data-status', code);
    tr.setAttribute('data-index', i);
    tr.setAttribute('data-pos', p);
    tr.setAttribute('aria-rowindex', String(p + 2));
    tr.tabIndex = p === active ? 0 : -1;
    tr.appendChild(el('td', 'mono', f4[0] || '—'));
    var tdS = el('td');
    tdS.appendChild(chip(code));
    tr.appendChild(tdS);
    var d = R.deadline[i];
    var tdL = el('td', 'countdown');
    if (isFinite(d)) {
      tdL.setAttribute('data-deadline', d);
      var left = d - now;
      tdL.textContent = formatRemaining(left);
      tdL.className = 'countdown ' + (left < 0 ? 'tone-bad' : left <= dueSoonSeconds ? 'tone-warn' : '');
    } else {
      tdL.textContent = '—';
    }
    tr.appendChild(tdL);
    tr.appendChild(el('td', '', isFinite(d) ? fmtShort(d) : '—'));
    tr.appendChild(el('td', '', f4[2] || '—'));
    tr.appendChild(el('td', 'mono', f4[1] || '—'));
    var tdF = el('td', 'badges');
    var f = R.findings[i];
    if (f) {
      FINDING_CODES.forEach(function (fc, bit) {
        if (f & (1 << bit)) {
          var fo = findingOf(fc);
          var b = el('span', 'badge tone-' + fo[1], fo[0]);
          b.setAttribute('data-code', fc);
          tdF.appendChild(b);
        }
      });
    }
    if (R.fix[i] === FIX_DIRECT && isFinite(R.fixUntil[i]) && R.fixUntil[i] >= now) {
      tdF.appendChild(el('span', 'badge tone-ok', t('directFix')));
    }
    tr.appendChild(tdF);
    return tr;
  }

  function focusActive() {
    var tr = $('results').querySelector('tr[data-pos="' + active + '"]');
    if (tr) tr.focus({preventScroll: true});
  }
  function focusTable() {
    var s = $('table-section');
    s.scrollIntoView({block: 'start'});
    $('scroller').focus({preventScroll: true});
  }

  function moveActive(to) {
    if (!view.length) return;
    active = Math.max(0, Math.min(view.length - 1, to));
    var scroller = $('scroller');
    var y = active * ROW_H, h = scroller.clientHeight - ROW_H;  // thead takes one row
    if (y < scroller.scrollTop) scroller.scrollTop = y;
    else if (y > scroller.scrollTop + h - ROW_H) scroller.scrollTop = y - h + ROW_H;
    renderRows();
    focusActive();
  }

  // --- ticking countdowns -------------------------------------------------------------------
  var lastAuto = 0, autoRerun = false;
  function tick() {
    if (!R) return;
    var now = nowEpoch();
    document.querySelectorAll('[data-deadline]').forEach(function (e) {
      var left = Number(e.getAttribute('data-deadline')) - now;
      var text = formatRemaining(left);
      if (e.textContent !== text) e.textContent = text;
    });
    // A clock crossed a deadline or the due-soon mark: the statuses change, check again.
    if (R.live && !running && now >= R.nextEvent) {
      R.nextEvent = nextEvent(now);
      // Small inputs are checked again right away (at most once a minute); a big one waits for
      // the merchant, with a note.
      if (R.count <= 5000 && Date.now() - lastAuto > 60000) {
        lastAuto = Date.now();
        autoRerun = true;
        run();
      } else if (!clockStale) {
        clockStale = true;
        renderClock();
      }
    }
  }

  // The first moment after `after` at which an order's status changes on its own: one second past
  // its deadline (the core's clock is in whole seconds) or its due-soon mark. Once per result and
  // per change, not every second.
  function nextEvent(after) {
    var next = Infinity;
    if (!R || R.count > 200000) return next;
    for (var i = 0; i < R.count; i++) {
      if (!CLOCK[R.status[i]]) continue;
      var d = R.deadline[i], overdue = d + 1, soon = d - dueSoonSeconds;
      if (overdue > after && overdue < next) next = overdue;
      if (soon > after && soon < next) next = soon;
    }
    return next;
  }
  function setDueSoon(seconds) {
    dueSoonSeconds = seconds;
    if (R) R.nextEvent = nextEvent(nowEpoch());
  }

  // --- the two dialogs: one open at a time, modal ------------------------------------------
  // While one is open the rest of the page is inert, Tab and Shift+Tab cycle inside it, Escape or
  // a click beside it closes it, and focus goes back to what opened it.
  var modal = null;  // {dialog, onClose}
  var FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), ' +
      'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
  function focusables(root) {
    return Array.prototype.filter.call(root.querySelectorAll(FOCUSABLE), function (e) {
      var closed = e.closest('details:not([open])');  // its fields are hidden, its summary is not
      if (closed && !(e.tagName === 'SUMMARY' && e.parentNode === closed)) return false;
      var shown = e.checkVisibility ? e.checkVisibility({visibilityProperty: true}) : e.getClientRects().length > 0;
      return shown && !e.closest('[inert]');
    });
  }
  function openModal(dialog, onClose) {
    if (modal && modal.dialog !== dialog) modal.onClose(true);
    modal = {dialog: dialog, onClose: onClose};
    dialog.hidden = false;
    $('scrim').hidden = false;
    Array.prototype.forEach.call(document.body.children, function (e) {
      if (e !== dialog && e.id !== 'scrim' && e.tagName !== 'SCRIPT') e.inert = true;
    });
  }
  function closeModal(dialog) {
    dialog.hidden = true;
    if (!modal || modal.dialog !== dialog) return;
    modal = null;
    $('scrim').hidden = true;
    Array.prototype.forEach.call(document.body.children, function (e) { e.inert = false; });
  }
  function trapTab(e) {
    if (!modal || e.key !== 'Tab') return;
    var list = focusables(modal.dialog);
    if (!list.length) { e.preventDefault(); return; }
    var first = list[0], lastOne = list[list.length - 1], at = document.activeElement;
    var inside = modal.dialog.contains(at);
    if (e.shiftKey && (at === first || !inside)) { e.preventDefault(); lastOne.focus(); }
    else if (!e.shiftKey && (at === lastOne || !inside)) { e.preventDefault(); first.focus(); }
  }

  // --- order detail -------------------------------------------------------------------------
  var detailIndex = null, detailReturn = null, detailOrder = null, wordingTimer = null, wordingSeq = 0;
  var wordingInputs = {};

  var wordingFor = null;
  function openDetail(i, from) {
    if (wordingFor !== i) { wordingInputs = {}; wordingFor = i; }
    // what to give focus back to: the element, or the same row or queue entry drawn anew
    var opener = from || document.activeElement;
    if (!modal || modal.dialog !== $('detail')) {
      detailReturn = {el: opener, queue: opener && opener.closest && opener.closest('#queue') ? i : null};
    }
    detailIndex = i;
    var body = $('detail-body');
    body.textContent = '';
    body.appendChild(el('p', 'hint', t('readingOrder')));
    openModal($('detail'), closeDetail);
    $('detail-close').focus();
    ask({type: 'order', gen: R.gen, index: i}).then(function (msg) {
      if (detailIndex !== i || msg.stale) return;
      var o = JSON.parse(msg.json);
      detailOrder = o;
      renderDetail(o, i);
    }, function (err) {
      body.textContent = '';
      body.appendChild(el('p', 'tone-bad', t('orderFailed', err.message)));
    });
  }

  function closeDetail(silent) {
    closeModal($('detail'));
    detailIndex = null;
    detailOrder = null;
    var back = detailReturn;
    detailReturn = null;
    if (silent) return;
    if (back && back.el && document.contains(back.el)) back.el.focus();
    else if (back && back.queue != null && $('queue').querySelector('[data-order-index="' + back.queue + '"]')) {
      $('queue').querySelector('[data-order-index="' + back.queue + '"]').focus();
    } else focusActive();
  }

  function section(body, title, cls) {
    var s = el('section', 'detail-section ' + (cls || ''));
    s.appendChild(el('h3', '', title));
    body.appendChild(s);
    return s;
  }

  function copyText(text, button) {
    var done = function () {
      var old = button.textContent;
      button.textContent = t('copied');
      setTimeout(function () { button.textContent = old; }, 1500);
    };
    var fallback = function () {
      var ta = el('textarea');
      ta.value = text;
      ta.setAttribute('readonly', '');
      ta.className = 'offscreen';
      document.body.appendChild(ta);
      ta.select();
      try { document.execCommand('copy'); done(); } catch (e) { /* nothing more to try */ }
      ta.remove();
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  function copyButton(text, label) {
    var b = ui(el('button', 'ghost small copy', label || t('copy')));
    b.type = 'button';
    b.addEventListener('click', function () { copyText(typeof text === 'function' ? text() : text, b); });
    return b;
  }

  function renderDetail(o, i) {
    var body = $('detail-body');
    body.textContent = '';
    var now = nowEpoch();
    // header
    var head = el('div', 'detail-head');
    var snLine = el('p', 'detail-sn');
    snLine.appendChild(el('span', 'mono', o.order_sn || t('noSn')));
    if (o.order_sn) snLine.appendChild(copyButton(o.order_sn, t('copySn')));
    head.appendChild(snLine);
    var st = el('p', 'detail-status');
    st.appendChild(chip(o.status, lang === 'en' ? null : o.status_text));
    var d = isoToEpoch(o.deadline);
    if (isFinite(d)) {
      var cd = el('span', 'countdown big ' + (d < now ? 'tone-bad' : d - now <= dueSoonSeconds ? 'tone-warn' : ''));
      cd.setAttribute('data-deadline', d);
      cd.textContent = formatRemaining(d - now);
      st.appendChild(cd);
      st.appendChild(el('span', 'hint', t('deadlineAt', fmtFull(d))));
    }
    head.appendChild(st);
    if (o.action) {
      var next = el('p', 'next-step', t('nextStep'));
      next.appendChild(zh(el('span', '', o.action)));
      head.appendChild(next);
    }
    var jump = el('p', 'jump');
    [[t('jumpFix'), 'fix', o.fix_path && o.fix_path.steps], [t('jumpWording'), 'wording', true], [t('jumpWhy'), 'explain', o.explain && o.explain.length]]
      .forEach(function (j) {
        if (!j[2]) return;
        var b = el('button', 'ghost small', j[0]);
        b.type = 'button';
        b.addEventListener('click', function () {
          var target = body.querySelector('.detail-section.' + j[1]);
          if (target) { target.scrollIntoView({block: 'start'}); var h = target.querySelector('h3'); if (h) { h.tabIndex = -1; h.focus({preventScroll: true}); } }
        });
        jump.appendChild(b);
      });
    head.appendChild(jump);
    var facts = el('dl', 'facts');
    var courier = o.courier || {};
    [[t('factProduct'), o.product], [t('factCourier'), courier.name || courier.declared],
     [t('factTracking'), o.tracking_no, 'mono'], [t('factRisk'), typeof o.risk_yuan === 'number' && o.risk_yuan > 0 ? yuan(o.risk_yuan) : null],
     [t('factSource'), o.source && o.source.line ? t('factSourceLine', o.source.line) : null]].forEach(function (f) {
      if (f[1] == null || f[1] === '') return;
      facts.appendChild(el('dt', '', f[0]));
      facts.appendChild(el('dd', f[2] || '', f[1]));
    });
    if (courier.declared && courier.name && courier.declared !== courier.name) {
      facts.appendChild(el('dt', '', t('factDeclared')));
      facts.appendChild(el('dd', '', courier.declared));
    }
    head.appendChild(facts);
    body.appendChild(head);

    if (o.findings && o.findings.length) {
      var fs = section(body, t('secFindings'), 'findings');
      var ul = el('ul', 'plain');
      o.findings.forEach(function (f) {
        var li = el('li');
        var tone = f.severity === 'critical' ? 'bad' : f.severity === 'warning' ? 'warn' : 'ok';
        li.appendChild(el('span', 'badge tone-' + tone, findingOf(f.code)[0]));
        li.appendChild(zh(el('span', '', ' ' + (f.message || ''))));
        ul.appendChild(li);
      });
      fs.appendChild(ul);
    }

    if (o.explain && o.explain.length) {
      var ex = section(body, t('secExplain'), 'explain');
      var ul2 = zh(el('ul'));
      o.explain.forEach(function (line) { ul2.appendChild(el('li', '', line)); });
      ex.appendChild(ul2);
    }

    if (o.fix_path && o.fix_path.steps) renderFix(body, o, now);

    if (o.events && o.events.length) {
      var ev = section(body, t('secEvents'), 'events');
      var ol = zh(el('ol', 'timeline'));
      o.events.forEach(function (e) {
        var li = el('li', 'ev-' + (e['class'] || 'other'));
        li.appendChild(el('span', 'mono ev-at', fmtFull(isoToEpoch(e.at))));
        li.appendChild(el('span', '', ' ' + (e.text || '')));
        ol.appendChild(li);
      });
      ev.appendChild(ol);
    }

    renderWordingForm(body, o);
  }

  function renderFix(body, o, now) {
    var fp = o.fix_path;
    var s = section(body, t('secFix'), 'fix');
    var until = isoToEpoch(fp.until);
    var badge;
    if (fp.code === 'modify_direct') {
      badge = el('p', 'until tone-ok', t('untilDirect', fmtShort(until)));
    } else if (fp.code === 'notify_note_extra_package') {
      badge = el('p', 'until tone-warn', t('untilExtra', fmtShort(until)));
    } else {
      badge = el('p', 'until tone-bad', t('untilNone'));
    }
    s.appendChild(badge);
    var ol = zh(el('ol', 'wizard'));
    fp.steps.forEach(function (step, n) {
      var li = el('li', 'step');
      var id = 'step-' + n;
      var cb = el('input');
      cb.type = 'checkbox';
      cb.id = id;
      var lab = el('label', 'step-title', step.title);
      lab.htmlFor = id;
      var top = el('div', 'step-top');
      top.appendChild(cb);
      top.appendChild(lab);
      li.appendChild(top);
      if (step.menu) {
        var m = el('p', 'menu');
        m.appendChild(el('span', 'menu-path', step.menu));
        m.appendChild(copyButton(step.menu, t('copyPath')));
        li.appendChild(m);
      }
      if (step.detail) li.appendChild(el('p', 'hint', step.detail));
      cb.addEventListener('change', function () { li.classList.toggle('done', cb.checked); });
      ol.appendChild(li);
    });
    s.appendChild(ol);
  }

  function field(form, key, label, placeholder, type) {
    var id = 'w-' + key;
    var wrap = el('div', 'field');
    var lab = el('label', '', label);
    lab.htmlFor = id;
    var input = type === 'select' ? el('select') : type === 'textarea' ? el('textarea') : el('input');
    input.id = id;
    if (type !== 'select' && type !== 'textarea') input.type = 'text';
    if (placeholder) input.placeholder = placeholder;
    input.setAttribute('data-key', key);
    wrap.appendChild(lab);
    wrap.appendChild(input);
    form.appendChild(wrap);
    if (wordingInputs[key] != null && type !== 'select') input.value = wordingInputs[key];
    input.addEventListener(type === 'select' ? 'change' : 'input', function () {
      wordingInputs[key] = input.value;
      clearTimeout(wordingTimer);
      wordingTimer = setTimeout(requestWording, type === 'select' ? 0 : 400);
    });
    return input;
  }

  function renderWordingForm(body, o) {
    var s = section(body, t('secWording'), 'wording');
    s.appendChild(el('p', 'hint', t('wordingHint')));
    if (lang === 'en') s.appendChild(el('p', 'hint lang-note', t('wordingNote')));
    var form = el('div', 'wording-form');
    var courierInput = field(form, 'correct_courier', t('wCourier'), t('wCourierEg'));
    var list = el('datalist');
    list.id = 'courier-names';
    (META.couriers || []).forEach(function (c) { var op = el('option'); op.value = c; list.appendChild(op); });
    form.appendChild(list);
    courierInput.setAttribute('list', 'courier-names');
    field(form, 'correct_tracking_no', t('wTracking'), t('wTrackingEg'));
    var reason = field(form, 'reason', t('wReason'), null, 'select');
    option(reason, '', t('wNoAppeal'));
    (META.reasons || []).forEach(function (r) { option(reason, r.code, r.name); });
    reason.value = wordingInputs.reason || '';
    s.appendChild(form);
    var more = el('details', 'more');
    more.appendChild(el('summary', '', t('wMore')));
    var form2 = el('div', 'wording-form');
    field(form2, 'new_pickup_time', t('wPickupTime'), t('wPickupTimeEg'));
    field(form2, 'outlet_name', t('wOutlet'), t('wOutletEg'));
    field(form2, 'reason_detail', t('wReasonDetail'), t('wReasonDetailEg'), 'textarea');
    field(form2, 'correct_picked_up_time', t('wPickedUp'), t('wPickedUpEg'));
    field(form2, 'measures', t('wMeasures'), t('wMeasuresEg'), 'textarea');
    more.appendChild(form2);
    s.appendChild(more);
    s.appendChild(el('div', 'wording-out', null)).id = 'wording-out';
    requestWording();
  }

  function wordingRequest(extra) {
    var o = detailOrder || {};
    var rq = {order_sn: o.order_sn || '', kind: 'all'};
    Object.keys(wordingInputs).forEach(function (k) { if (wordingInputs[k]) rq[k] = wordingInputs[k]; });
    if (R && R.nowIso) rq.now = R.nowIso;
    if (Object.keys(settings.rules).length) rq.rules = settings.rules;
    Object.keys(extra || {}).forEach(function (k) { rq[k] = extra[k]; });
    return rq;
  }

  function wordingHint() {
    var o = detailOrder || {};
    return {kind: o.source && o.source.kind, line: o.source && o.source.line,
            duplicate: (o.events && o.events.length > 0) ||
                (o.findings || []).some(function (f) { return f.code === 'tracking_duplicate'; })};
  }

  function requestWording() {
    if (detailIndex == null) return;
    var seq = ++wordingSeq;
    ask({type: 'wording', request: wordingRequest(), hint: wordingHint()}).then(function (msg) {
      if (seq !== wordingSeq || !$('wording-out')) return;
      renderWordings(JSON.parse(msg.json));
    }, function (err) {
      var out = $('wording-out');
      if (out) { out.textContent = ''; out.appendChild(el('p', 'tone-bad', err.message)); }
    });
  }

  function slotLabel(name) {
    return META.slots && META.slots[name] ? META.slots[name] : name;
  }

  function renderWordings(r) {
    var out = $('wording-out');
    out.textContent = '';
    if (r.error) { out.appendChild(el('p', 'warning', r.error)); return; }
    if (!r.wordings || !r.wordings.length) {
      out.appendChild(el('p', 'hint', t('noWording')));
    }
    (r.wordings || []).forEach(function (w) { out.appendChild(wordingCard(w)); });
    (r.notes || []).forEach(function (n) { out.appendChild(zh(el('p', 'hint note-line', n))); });
  }

  function wordingCard(w) {
    var c = el('article', 'wording-card');
    c.lang = 'zh-CN';  // the core's words; the page's own labels in it say their language
    c.setAttribute('data-kind', w.kind || '');
    var h = el('h4', '', w.title || w.kind);
    c.appendChild(h);
    if (w.where || w.menu) {
      var where = el('p', 'hint');
      where.appendChild(ui(el('span', '', t('pasteInto'))));
      where.appendChild(document.createTextNode((w.where || '') + (w.menu ? '（' + w.menu + '）' : '')));
      c.appendChild(where);
    }
    var text = el('p', 'wording-text', w.text || '');
    text.tabIndex = 0;
    c.appendChild(text);
    var bar = el('div', 'wording-bar');
    bar.appendChild(ui(copyButton(function () { return text.textContent; }, t('copy'))));
    bar.appendChild(ui(el('span', 'hint' + (w.max_chars && w.chars > w.max_chars ? ' tone-bad' : ''), t('chars', w.chars || 0, w.max_chars))));
    if (w.variants_available && w.variants_available.length > 1) {
      var group = el('span', 'variants');
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', t('variants'));
      ui(group);
      w.variants_available.forEach(function (v) {
        var b = el('button', 'ghost small' + (v === w.variant ? ' on' : ''), v === 'brief' || v === 'polite' || v === 'full' ? t(v) : v);
        b.type = 'button';
        b.setAttribute('aria-pressed', v === w.variant ? 'true' : 'false');
        b.addEventListener('click', function () {
          ask({type: 'wording', request: wordingRequest({kind: w.kind, variant: v}), hint: wordingHint()}).then(function (msg) {
            var r = JSON.parse(msg.json);
            if (r.wordings && r.wordings[0]) c.replaceWith(wordingCard(r.wordings[0]));
          });
        });
        group.appendChild(b);
      });
      bar.appendChild(group);
    }
    c.appendChild(bar);
    if (w.missing && w.missing.length) {
      c.appendChild(ui(el('p', 'warning small', t('missing', w.missing.map(slotLabel)))));
    }
    (w.warnings || []).forEach(function (x) { c.appendChild(el('p', 'warning small', x)); });
    if (w.evidence && w.evidence.length) {
      var ev = el('div', 'evidence');
      ev.appendChild(ui(el('p', 'small strong', t('evidence'))));
      var ul = el('ul', 'plain');
      w.evidence.forEach(function (e, n) {
        var li = el('li');
        var cb = el('input');
        cb.type = 'checkbox';
        cb.id = 'ev-' + (w.kind || '') + '-' + n;
        var lab = el('label', '', e);
        lab.htmlFor = cb.id;
        li.appendChild(cb);
        li.appendChild(lab);
        ul.appendChild(li);
      });
      ev.appendChild(ul);
      c.appendChild(ev);
    }
    return c;
  }

  // --- rules panel --------------------------------------------------------------------------
  function openRules() {
    openModal($('rules-panel'), closeRules);
    $('open-rules').setAttribute('aria-expanded', 'true');
    var now = clockSetting();
    $('clock-input').value = now ? toLocalInput(now) : '';
    loadRules();
    $('rules-close').focus();
  }
  function closeRules(silent) {
    closeModal($('rules-panel'));
    $('open-rules').setAttribute('aria-expanded', 'false');
    if (silent !== true) $('open-rules').focus();
  }
  function toLocalInput(s) {
    var at = isoToEpoch(/[+Z]|[-]\d\d:\d\d$/.test(s.slice(10)) ? s : s.replace(' ', 'T') + '+08:00');
    if (!isFinite(at)) return '';
    return fmtFull(at).replace(' ', 'T');
  }

  function loadRules() {
    ask({type: 'rules', options: JSON.stringify(checkOptions())}).then(function (msg) {
      var list = $('rules-list');
      list.textContent = '';
      if (!msg.json) { list.appendChild(el('p', 'hint', t('noRules'))); return; }
      renderRules(JSON.parse(msg.json));
    }, function (err) { $('rules-list').textContent = err.message; });
  }

  function renderRules(doc) {
    var values = doc.values || {};
    if (values.due_soon_hours && typeof values.due_soon_hours.value === 'number') setDueSoon(values.due_soon_hours.value * 3600);
    $('rules-meta').textContent = t('rulesMeta', doc);
    var errs = $('rules-errors');
    errs.textContent = (doc.errors || []).map(function (e) { return e.message; }).join(t('listSep'));
    errs.hidden = !(doc.errors && doc.errors.length);
    var list = $('rules-list');
    list.textContent = '';
    Object.keys(values).forEach(function (key) {
      var v = values[key];
      var box = el('div', 'rule' + (key in settings.rules ? ' overridden' : ''));
      box.setAttribute('data-key', key);
      var id = 'rule-' + key;
      var lab = zh(el('label', 'rule-label', v.label || key));
      lab.htmlFor = id;
      box.appendChild(lab);
      var row = el('div', 'rule-row');
      var input;
      var value = v.value;
      if (typeof value === 'number') {
        input = el('input');
        input.type = 'number';
        input.step = 'any';
        input.value = String(value);
      } else if (typeof value === 'string') {
        input = el('input');
        input.type = 'text';
        input.value = value;
      } else if (Array.isArray(value) && value.every(function (x) { return typeof x === 'string'; })) {
        input = el('textarea');
        input.rows = Math.min(4, value.length || 1);
        input.value = value.join('\n');
      } else {
        input = el('textarea');
        input.rows = 3;
        input.value = JSON.stringify(value, null, 1);
      }
      input.id = id;
      input.className = 'rule-input';
      row.appendChild(input);
      if (v.unit && typeof value === 'number') row.appendChild(el('span', 'unit', t('units')[v.unit] || v.unit));
      var conf = CONFIDENCE[v.confidence] || [v.confidence || '', 'muted', v.confidence || ''];
      var badge = el('span', 'badge tone-' + conf[1], lang === 'en' ? conf[2] : conf[0]);
      badge.setAttribute('data-confidence', v.confidence || '');
      row.appendChild(badge);
      if (key in settings.rules) {
        var reset = el('button', 'ghost small', t('ruleReset'));
        reset.type = 'button';
        reset.addEventListener('click', function () { delete settings.rules[key]; saveSettings(); rulesChanged(); });
        row.appendChild(reset);
      }
      box.appendChild(row);
      var src = el('p', 'rule-source', t('ruleSource'));
      src.appendChild(v.source ? zh(el('span', '', v.source)) : document.createTextNode(t('ruleNoSource')));
      src.appendChild(document.createTextNode(t('ruleAsOf', doc.as_of || '') + ' · ' + key));
      box.appendChild(src);
      input.addEventListener('change', function () {
        var nv;
        if (typeof value === 'number') {
          nv = Number(input.value);
          if (input.value === '' || !isFinite(nv)) { input.value = String(value); return; }
        } else if (typeof value === 'string') {
          nv = input.value;
        } else if (Array.isArray(value) && value.every(function (x) { return typeof x === 'string'; })) {
          nv = input.value.split('\n').map(function (x) { return x.trim(); }).filter(Boolean);
        } else {
          try { nv = JSON.parse(input.value); } catch (e) { errs.textContent = t('badJson', v.label || key); errs.hidden = false; return; }
        }
        settings.rules[key] = nv;
        saveSettings();
        rulesChanged();
      });
      list.appendChild(box);
    });
  }

  function rulesChanged() {
    loadRules();
    if (R) run();
  }

  // --- input: paste anywhere, files, drag and drop, samples ---------------------------------
  // Exports are saved as UTF-8 (with or without BOM) or GBK/GB18030 by spreadsheets.
  function decodeBytes(bytes) {
    if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
      return {text: new TextDecoder('utf-16le').decode(bytes), encoding: 'UTF-16LE'};
    }
    if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
      return {text: new TextDecoder('utf-16be').decode(bytes), encoding: 'UTF-16BE'};
    }
    var bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    try {
      return {text: new TextDecoder('utf-8', {fatal: true}).decode(bytes), encoding: bom ? 'bom' : 'UTF-8'};
    } catch (err) {
      return {text: new TextDecoder('gb18030').decode(bytes), encoding: 'gbk'};
    }
  }
  function decode(buffer) { return decodeBytes(new Uint8Array(buffer)).text; }

  function keepOutOfBox(text) {
    bigText = text;
    $('paste').value = '';
    renderPlaceholder();
  }
  // The box's hint: the example, or what is loaded but kept out of the box.
  function renderPlaceholder() {
    $('paste').placeholder = bigText != null ? t('bigInput', kb(bigText.length)) : staticText('pastePlaceholder');
  }

  // info: [message key, values...] about where the input came from, shown above the result.
  var fileInfoMsg = null;
  function showFileInfo(msg) {
    fileInfoMsg = msg || null;
    var fi = $('file-info');
    fi.textContent = msg ? t.apply(null, msg) : '';
    fi.hidden = !msg;
  }

  function setInput(text, info, now) {
    sampleNow = now || null;
    lastSampleText = now ? text : null;
    if (text.length > BIG) {
      keepOutOfBox(text);
    } else {
      bigText = null;
      renderPlaceholder();
      $('paste').value = text;
    }
    showFileInfo(info);
    // in a task of its own: handing a big input to the worker takes a while, the paste is done
    setState(['checking'], '', 'busy');
    setTimeout(run, 0);
  }

  function readFile(file) {
    if (!file) return;
    if (file.size > 256 * 1024 * 1024) {
      setState(['fileTooBig', kb(file.size)], 'bad');
      return;
    }
    setState(['fileReading', file.name], '', 'busy');
    var reader = new FileReader();
    reader.onload = function () {
      var r = decodeBytes(new Uint8Array(reader.result));
      setInput(r.text, ['fileRead', file.name, kb(file.size), r.encoding]);
    };
    reader.onerror = function () { setState(['fileFailed', file.name], 'bad'); };
    reader.readAsArrayBuffer(file);
  }

  function isEditable(t) {
    return t && (t.tagName === 'TEXTAREA' || t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.isContentEditable);
  }

  function setupInput() {
    $('run').addEventListener('click', function () { sampleNow = sampleNow && $('paste').value === lastSampleText ? sampleNow : null; run(); });
    $('paste').addEventListener('input', function () {
      if (bigText != null) { bigText = null; renderPlaceholder(); }
      showFileInfo(null);
    });
    $('file').addEventListener('change', function () {
      readFile(this.files && this.files[0]);
      this.value = '';
    });
    document.addEventListener('paste', function (e) {
      var cd = e.clipboardData;
      if (!cd || (modal && !modal.dialog.contains(e.target))) return;
      if (e.target === $('paste') && !(cd.files && cd.files.length)) {
        var big = cd.getData('text/plain');
        if (big.length > BIG) { e.preventDefault(); setInput(big, ['pasted', kb(big.length)]); }
        return;
      }
      if (isEditable(e.target) || modal) return;  // in a dialog, Ctrl+V is for its fields
      if (cd.files && cd.files.length) { e.preventDefault(); readFile(cd.files[0]); return; }
      var text = cd.getData('text/plain');
      if (!text) return;
      e.preventDefault();
      setInput(text, ['pastedPage', kb(text.length)]);
    });
    var depth = 0;
    var overlay = $('drop-overlay');
    document.addEventListener('dragenter', function (e) {
      if (!e.dataTransfer || Array.prototype.indexOf.call(e.dataTransfer.types, 'Files') < 0) return;
      depth++;
      overlay.hidden = false;
    });
    document.addEventListener('dragleave', function () { if (--depth <= 0) { depth = 0; overlay.hidden = true; } });
    document.addEventListener('dragover', function (e) { e.preventDefault(); });
    document.addEventListener('drop', function (e) {
      e.preventDefault();
      depth = 0;
      overlay.hidden = true;
      var dt = e.dataTransfer;
      if (dt && dt.files && dt.files.length) readFile(dt.files[0]);
      else if (dt && dt.getData('text/plain')) setInput(dt.getData('text/plain'), ['dropped']);
    });
    var box = $('sample-buttons');
    META.samples.forEach(function (s) {
      var b = el('button', 'ghost small');
      b.type = 'button';
      b.setAttribute('data-sample', s.name);
      b.addEventListener('click', function () {
        setInput(s.text, ['sampleInfo', s.name, s.now.slice(0, 16).replace('T', ' ')], s.now);
      });
      box.appendChild(b);
    });
    renderSamples();
  }
  function sampleText(name, field) {
    var s = META.samples.filter(function (x) { return x.name === name; })[0] || {};
    return (lang === 'en' && s.en ? s.en[field] : s[field]) || '';
  }
  function renderSamples() {
    Array.prototype.forEach.call($('sample-buttons').children, function (b) {
      b.textContent = sampleText(b.getAttribute('data-sample'), 'label');
      b.title = sampleText(b.getAttribute('data-sample'), 'title');
    });
  }
  var lastSampleText = null;

  // --- export, print, offline, clear --------------------------------------------------------
  // Saves a download: a link to the URL with a file name, clicked.
  function saveAs(url, name) {
    var a = el('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  function saveBlob(blob, name) {
    var url = URL.createObjectURL(blob);
    saveAs(url, name);
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  // "下载离线版": Chromium fetches a download from the network even when the service worker has the
  // file, so with the network off the link alone fails. Take the stored copy when there is one.
  function downloadOffline(e) {
    var link = this, name = link.getAttribute('download');
    if (!self.caches || !/^https?:$/.test(location.protocol)) return;  // the link as it is
    e.preventDefault();
    caches.match(link.getAttribute('href'), {ignoreSearch: true}).then(function (hit) {
      if (!hit) throw new Error('not stored yet');
      return hit.blob();
    }).then(function (blob) { saveBlob(blob, name); }, function () { saveAs(link.href, name); });
  }

  function exportCsv() {
    if (!R) return;
    setState(['csvMaking'], '');
    ask({type: 'csv', options: JSON.stringify(checkOptions())}).then(function (msg) {
      var text = msg.text.charCodeAt(0) === 0xfeff ? msg.text : '\ufeff' + msg.text;
      var stamp = fmtFull(R.now).replace(/[^0-9]/g, '').slice(0, 12);
      saveBlob(new Blob([text], {type: 'text/csv;charset=utf-8'}), 'lanshou-' + stamp + '.csv');
      setState(['csvDone'], '');
    }, function (err) { setState(['csvFailed', err.message], 'bad'); });
  }

  function buildPrint() {
    var area = $('print-area');
    area.textContent = '';
    if (!R) return;
    area.appendChild(el('h2', '', t('printTitle', fmtFull(R.now))));
    var k = counts();
    area.appendChild(el('p', '', CARD_ORDER.filter(function (c) { return k.byStatus[S[c]]; })
        .map(function (c) { return statusOf(c)[0] + ' ' + k.byStatus[S[c]]; }).join(' · ')));
    var table = el('table');
    var tr0 = el('tr');
    t('printHead').forEach(function (h) { tr0.appendChild(el('th', '', h)); });
    table.appendChild(tr0);
    var now = nowEpoch(), limit = Math.min(view.length, 3000);
    for (var p = 0; p < limit; p++) {
      var i = view[p], tr = el('tr');
      var f = [];
      FINDING_CODES.forEach(function (fc, bit) { if (R.findings[i] & (1 << bit)) f.push(findingOf(fc)[0]); });
      var f4 = fieldsOf(i);
      [f4[0], statusOf(STATUS_CODES[R.status[i]])[0], isFinite(R.deadline[i]) ? formatRemaining(R.deadline[i] - now) : '—',
       fmtShort(R.deadline[i]), f4[2], f4[1], f.join(t('listJoin'))].forEach(function (v) { tr.appendChild(el('td', '', v || '—')); });
      table.appendChild(tr);
    }
    area.appendChild(table);
    if (view.length > limit) area.appendChild(el('p', '', t('printMore', view.length - limit)));
  }

  function clearLocal() {
    try {
      localStorage.removeItem(KEY_INPUT);
      localStorage.removeItem(KEY_SETTINGS);
    } catch (e) { /* nothing stored */ }
    settings = {rules: {}, now: null};
    sampleNow = null;
    bigText = null;
    $('paste').value = '';
    renderPlaceholder();
    showFileInfo(null);
    $('output').hidden = true;
    $('welcome').hidden = false;
    $('export-csv').disabled = true;
    $('print').disabled = true;
    R = null;
    closeDetail(true);
    storageWarn(null);
    $('clock').textContent = '';
    setState(['cleared'], '', 'ready');
  }

  // --- switching the language --------------------------------------------------------------
  var zhStatic = {};  // the Chinese of each data-i18n key, as index.html has it
  function attrPairs(e) {
    return e.getAttribute('data-i18n-attr').split(',').map(function (p) { return p.trim().split('='); });
  }
  function collectStatic() {
    document.querySelectorAll('[data-i18n]').forEach(function (e) { zhStatic[e.getAttribute('data-i18n')] = e.textContent; });
    document.querySelectorAll('[data-i18n-attr]').forEach(function (e) {
      attrPairs(e).forEach(function (p) { zhStatic[p[1]] = e.getAttribute(p[0]) || ''; });
    });
  }
  function staticText(key) {
    if (lang !== 'en') return zhStatic[key] != null ? zhStatic[key] : '';
    if (STATIC_EN[key] == null) { console.error('lanshou: no English for "' + key + '"'); return zhStatic[key] || ''; }
    return STATIC_EN[key];
  }
  function applyStatic() {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.querySelectorAll('[data-i18n]').forEach(function (e) { e.textContent = staticText(e.getAttribute('data-i18n')); });
    document.querySelectorAll('[data-i18n-attr]').forEach(function (e) {
      attrPairs(e).forEach(function (p) { e.setAttribute(p[0], staticText(p[1])); });
    });
    document.querySelectorAll('.lang-note[data-i18n]').forEach(function (e) { e.hidden = lang !== 'en'; });
    var sw = $('lang-switch');
    sw.textContent = t('switchTo');
    sw.lang = lang === 'en' ? 'zh-CN' : 'en';
    sw.title = t('switchTitle');
  }

  // Everything the page wrote is written again in the other language; the result stays.
  function setLanguage(next) {
    lang = next === 'en' ? 'en' : 'zh';
    storageSet(KEY_LANG, lang);
    var params = new URLSearchParams(location.search);
    if (params.has('lang')) {  // the switch wins over the address from now on
      params.delete('lang');
      var q = params.toString();
      try { history.replaceState(null, '', location.pathname + (q ? '?' + q : '') + location.hash); } catch (e) { /* file: */ }
    }
    applyStatic();
    renderSamples();
    $('state').textContent = Array.isArray(stateMsg) ? t.apply(null, stateMsg) : stateMsg;
    storageWarn(storageMsg);
    showFileInfo(fileInfoMsg);
    renderPlaceholder();
    renderVersion();
    renderClock();
    if (R) {
      renderCards();
      renderChart();
      renderQueue();
      fillFilters();
      renderErrors(R.head.errors || []);
      $('shown').textContent = t('shown', view.length, R.count);
      renderRows();
      if (detailOrder && detailIndex != null) renderDetail(detailOrder, detailIndex);
    }
    if (!$('rules-panel').hidden) loadRules();
  }

  // --- wiring -------------------------------------------------------------------------------
  function setupUi() {
    $('lang-switch').addEventListener('click', function () { setLanguage(lang === 'en' ? 'zh' : 'en'); });
    var scroller = $('scroller');
    var raf = 0;
    scroller.addEventListener('scroll', function () {
      if (raf) return;
      raf = requestAnimationFrame(function () { raf = 0; renderRows(); });
    });
    scroller.addEventListener('click', function (e) {
      var tr = e.target.closest('tr[data-index]');
      if (!tr) return;
      active = Number(tr.getAttribute('data-pos'));
      renderRows();
      openDetail(Number(tr.getAttribute('data-index')), tr);
    });
    scroller.addEventListener('keydown', function (e) {
      var page = Math.max(1, Math.floor(scroller.clientHeight / ROW_H) - 1);
      var k = e.key;
      if (k === 'ArrowDown') moveActive(active + 1);
      else if (k === 'ArrowUp') moveActive(active - 1);
      else if (k === 'PageDown') moveActive(active + page);
      else if (k === 'PageUp') moveActive(active - page);
      else if (k === 'Home') moveActive(0);
      else if (k === 'End') moveActive(view.length - 1);
      else if (k === 'Enter' || k === ' ') {
        if (view.length) openDetail(view[active], $('results').querySelector('tr[data-pos="' + active + '"]'));
      } else return;
      e.preventDefault();
    });
    scroller.addEventListener('focus', function (e) { if (e.target === scroller && view.length) moveActive(active); });
    window.addEventListener('resize', function () { if (R) { sizeScroller(); renderRows(); } });

    $('f-status').addEventListener('change', function () { setFilter('status', this.value); });
    $('f-courier').addEventListener('change', function () { setFilter('courier', this.value); });
    $('f-finding').addEventListener('change', function () { setFilter('finding', this.value); });
    $('f-sort').addEventListener('change', function () { setFilter('sort', this.value); });
    var searchTimer = 0;
    $('f-search').addEventListener('input', function () {
      var v = this.value;
      clearTimeout(searchTimer);
      searchTimer = setTimeout(function () { filter.q = v; requestView(true); }, 120);
    });

    $('detail-close').addEventListener('click', function () { closeDetail(); });
    $('rules-close').addEventListener('click', function () { closeRules(); });
    $('open-rules').addEventListener('click', function () { if ($('rules-panel').hidden) openRules(); else closeRules(); });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Tab') { trapTab(e); return; }
      if (e.key !== 'Escape' || !modal) return;
      e.preventDefault();
      modal.onClose();
    });
    $('scrim').addEventListener('click', function () { if (modal) modal.onClose(); });
    $('rules-reset').addEventListener('click', function () { settings.rules = {}; saveSettings(); rulesChanged(); });
    $('clock-apply').addEventListener('click', function () {
      var v = $('clock-input').value;
      if (!v) return;
      settings.now = v.replace('T', ' ') + (v.length === 16 ? ':00' : '');
      sampleNow = null;
      nowParam = null;
      saveSettings();
      if (R) run();
      renderClock();
    });
    $('clock-live').addEventListener('click', function () {
      settings.now = null;
      sampleNow = null;
      nowParam = null;
      $('clock-input').value = '';
      saveSettings();
      if (R) run();
    });
    $('export-csv').addEventListener('click', exportCsv);
    $('download-offline').addEventListener('click', downloadOffline);
    $('print').addEventListener('click', function () { buildPrint(); window.print(); });
    window.addEventListener('beforeprint', buildPrint);
    $('clear-local').addEventListener('click', clearLocal);
    // The one-file page cannot offer itself for download; the served site links to it.
    if (location.protocol === 'file:' || document.documentElement.dataset.offline === '1') {
      $('download-offline').hidden = true;
    }
  }

  // The engine's first check is slower than the next (its code is optimized as it runs), so while
  // the page waits for a paste the worker checks a made-up export once: the sample export's rows
  // repeated to WARM_ROWS orders, under new order numbers.
  var WARM_ROWS = 3000;
  function warmUp() {
    num(1234.5);  // number formatting for the language: its first use loads locale data (~40 ms)
    var sample = META.samples.filter(function (x) { return x.name === 'export-utf8.csv'; })[0];
    if (!sample || !WARM_ROWS) return;
    var lines = sample.text.split('\n').filter(Boolean), head = lines[0], rows = lines.slice(1), out = [head];
    for (var i = 0; i < WARM_ROWS; i++) {
      out.push(rows[i % rows.length].replace(/^(\d{6}-)(\d{15})/, function (m, a) { return a + String(100000000000000 + i); }));
    }
    ask({type: 'warm', text: out.join('\n'), options: JSON.stringify({now: sample.now})}).then(function (msg) {
      self.lanshouPage.warmMs = msg.ms;
    }, function () { /* only an optimization */ });
  }

  function onReady() {
    loadRulesQuietly();
    var last = storageGet(KEY_INPUT);
    if (last && !$('paste').value) {
      if (last.length > BIG) keepOutOfBox(last); else $('paste').value = last;
      setState(['restored'], '', 'busy');
      run();
    } else if ($('paste').value) {
      run();
    } else {
      setTimeout(warmUp, 0);
    }
  }

  function loadRulesQuietly() {
    ask({type: 'rules', options: JSON.stringify(checkOptions())}).then(function (msg) {
      if (!msg.json) return;
      var doc = JSON.parse(msg.json);
      var v = doc.values && doc.values.due_soon_hours;
      if (v && typeof v.value === 'number') setDueSoon(v.value * 3600);
    }, function () { /* the defaults stay */ });
  }

  function registerServiceWorker() {
    if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
    if (document.documentElement.dataset.workerUrl || document.documentElement.dataset.offline === '1') return;
    if (!document.querySelector('link[rel="manifest"]')) return;
    navigator.serviceWorker.register('sw.js').catch(function () { /* online only */ });
  }

  $('run').disabled = true;
  collectStatic();
  applyStatic();
  setState(['loading'], '', 'loading');
  setupInput();
  setupUi();
  setInterval(tick, 1000);
  renderClock();

  // For the extension, the benchmark and the browser tests.
  self.lanshouPage = {
    run: run, decode: decode, decodeBytes: decodeBytes, formatRemaining: formatRemaining,
    openDetail: openDetail, buildPrint: buildPrint, state: function () { return R; }, view: function () { return view; },
    setLanguage: setLanguage, language: function () { return lang; },
    engine: function () { return {version: engineVersion, unpackMs: engineUnpackMs}; }
  };

  startWorker();
  registerServiceWorker();
})();
