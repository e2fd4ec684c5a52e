module.exports = require("./make.js")("HostName");
