module.exports = require("./make.js")("ZfsPool");
