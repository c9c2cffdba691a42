// Several files at once with a progress bar: XHR upload, JSON answer, then reload the page.
document.querySelectorAll("form[data-uploader]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var bar = form.querySelector("progress");
    var list = form.querySelector(".upload-messages");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    bar.hidden = false;
    bar.value = 0;
    list.textContent = "";
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    });
    xhr.addEventListener("load", function () {
      bar.value = 100;
      var answer = {};
      try { answer = JSON.parse(xhr.responseText); } catch (err) { answer = {refused: [xhr.statusText]}; }
      (answer.refused || []).forEach(function (text) {
        var li = document.createElement("li");
        li.className = "error";
        li.setAttribute("role", "alert");
        li.textContent = text;
        list.appendChild(li);
      });
      if ((answer.stored || []).length && !(answer.refused || []).length) window.location.reload();
      else if ((answer.stored || []).length) {
        var done = document.createElement("li");
        done.textContent = answer.stored.map(function (s) { return "✓ " + s.name; }).join(", ");
        list.appendChild(done);
      }
    });
    xhr.send(new FormData(form));
  });
});
