module.exports = require("./make.js")("ZfsArc");
