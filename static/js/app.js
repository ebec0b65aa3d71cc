// Small progressive enhancements; every page works without JavaScript.
"use strict";
