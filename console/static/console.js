// Retrain progress: polls the status while a retrain runs. No library, no time limit on the page.
(function () {
  "use strict";
  var box = document.getElementById("retrain-status");
  if (!box) return;
  var state = box.querySelector(".state"), bar = box.querySelector("progress"), log = box.querySelector(".log");
  var NAMES = { idle: "再学習は実行していません", running: "実行中", switched: "完了：新しいモデルに切り替えました", failed: "失敗：今のモデルのまま動いています" };

  function show(status) {
    var text = NAMES[status.state] || status.state;
    if (status.state === "running") text += "（" + status.stage + "、" + status.seconds + "秒経過）";
    if (status.state === "switched") text = "完了：" + status.message;
    if (status.state === "failed") text += "。" + status.message;
    state.textContent = text;
    box.dataset.state = status.state;
    bar.value = status.state === "switched" ? 100 : status.percent;
    log.replaceChildren.apply(log, status.log.map(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      return li;
    }));
  }

  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (status) {
        show(status);
        if (status.state === "running") setTimeout(poll, 2000);
      })
      .catch(function () { state.textContent = "状態を読み込めませんでした。ページを再読み込みしてください。"; });
  }
  poll();
})();
