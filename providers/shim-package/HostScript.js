module.exports = require("./make.js")("HostScript");
