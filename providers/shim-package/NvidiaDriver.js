module.exports = require("./make.js")("NvidiaDriver");
