module.exports = require("./make.js")("HostTimezone");
