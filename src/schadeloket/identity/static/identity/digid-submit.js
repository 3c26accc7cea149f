/* Sends the signed DigiD request on at once; without JavaScript the visible button does it. */
(function () {
  "use strict";
  var form = document.getElementById("digid-doorsturen");
  if (form) form.submit();
})();
