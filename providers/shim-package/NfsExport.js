module.exports = require("./make.js")("NfsExport");
